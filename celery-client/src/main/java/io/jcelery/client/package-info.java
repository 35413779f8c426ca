/**
 * The Celery app for Java: {@link io.jcelery.client.Celery} sends tasks by name in Celery's
 * protocol 2 and hands back {@link io.jcelery.client.AsyncResult}s read from the result backend. A
 * failed remote task surfaces as {@link io.jcelery.client.RemoteTaskException}.
 */
package io.jcelery.client;
