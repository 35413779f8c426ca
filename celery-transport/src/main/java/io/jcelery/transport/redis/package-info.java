/**
 * {@code redis://} and {@code rediss://}: kombu's Redis transport ({@code
 * kombu/transport/redis.py}, 5.2.4) on Lettuce, key for key and byte for byte, so Python and Java
 * producers and workers share one broker. Start at {@link
 * io.jcelery.transport.redis.RedisTransportOptions} for the options.
 */
package io.jcelery.transport.redis;
