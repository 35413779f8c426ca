package io.jcelery.transport.amqp;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportFactory;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@code amqp://}, {@code amqps://} and {@code pyamqp://} transports (kombu's aliases for
 * py-amqp), connecting at once. Found by {@link java.util.ServiceLoader}; use {@link
 * io.jcelery.transport.Transports#open}. Thread-safe.
 *
 * @since 0.1
 */
public final class AmqpTransportFactory implements TransportFactory {

  @Override
  public Set<String> schemes() {
    return AmqpUrls.SCHEMES;
  }

  /**
   * Connects to the first reachable broker of the URL (or failover list).
   *
   * @throws IllegalArgumentException for failover URLs that differ in credentials or vhost
   * @throws io.jcelery.transport.TransportException when no broker can be reached (the message
   *     names the URL, password masked) or an option is malformed
   */
  @Override
  public Transport create(BrokerUrl url, Map<String, Object> transportOptions) {
    AmqpUrls urls = AmqpUrls.parse(url);
    return new AmqpTransport(urls, AmqpTransportOptions.from(transportOptions, urls.query()));
  }
}
