/**
 * Configuration: {@link io.jcelery.client.config.CelerySettings} holds every supported Celery
 * setting, named and defaulted as in Celery, read from code, the environment and a settings file.
 * Components below the client receive typed option records built from it, never the settings.
 */
package io.jcelery.client.config;
