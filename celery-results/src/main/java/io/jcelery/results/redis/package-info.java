/**
 * The {@code redis://} result backend (celery {@code celery/backends/redis.py}): results stored
 * with SETEX and announced with PUBLISH on the key's channel, so Python and Java clients wait
 * without polling.
 */
package io.jcelery.results.redis;
