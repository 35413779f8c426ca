package io.jcelery.transport.filesystem;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportFactory;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@code filesystem://} transports (see {@link FilesystemTransportOptions} for the
 * options). Found by {@link java.util.ServiceLoader}; use {@link
 * io.jcelery.transport.Transports#open}. Thread-safe.
 *
 * @since 0.1
 */
public final class FilesystemTransportFactory implements TransportFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("filesystem");
  }

  @Override
  public Transport create(BrokerUrl url, Map<String, Object> transportOptions) {
    return new FilesystemTransport(url, FilesystemTransportOptions.from(transportOptions));
  }
}
