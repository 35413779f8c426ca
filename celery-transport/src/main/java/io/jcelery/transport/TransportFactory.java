package io.jcelery.transport;

import java.util.Map;
import java.util.Set;

/**
 * Creates transports for the URL schemes it knows. Found with {@link java.util.ServiceLoader};
 * {@link Transports#open} picks the factory by the URL's scheme.
 *
 * @since 0.1
 */
public interface TransportFactory {

  /** The URL schemes served, e.g. {@code redis}, {@code rediss}. */
  Set<String> schemes();

  /**
   * Connects to the broker.
   *
   * @param url the broker URL
   * @param transportOptions Celery's {@code broker_transport_options}, keys as kombu names them
   */
  Transport create(BrokerUrl url, Map<String, Object> transportOptions);
}
