package io.jcelery.transport.redis;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportFactory;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@code redis://} and {@code rediss://} transports, connecting at once (kombu pings on
 * channel creation). Found by {@link java.util.ServiceLoader}; use {@link
 * io.jcelery.transport.Transports#open}. Thread-safe.
 *
 * @since 0.1
 */
public final class RedisTransportFactory implements TransportFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public Transport create(BrokerUrl url, Map<String, Object> transportOptions) {
    return new RedisTransport(url, RedisTransportOptions.from(transportOptions));
  }
}
