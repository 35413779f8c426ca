package io.jcelery.transport.memory;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportFactory;
import io.jcelery.transport.virtual.TransportOptionMap;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@code memory://} transports (see {@link MemoryTransport}). Found by {@link
 * java.util.ServiceLoader}; use {@link io.jcelery.transport.Transports#open}. Thread-safe.
 *
 * @since 0.1
 */
public final class MemoryTransportFactory implements TransportFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Transport create(BrokerUrl url, Map<String, Object> transportOptions) {
    return new MemoryTransport(url, TransportOptionMap.of(transportOptions));
  }
}
