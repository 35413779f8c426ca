package io.jcelery.transport;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Opens a {@link Transport} for a broker URL, as kombu's {@code Connection} picks its transport
 * class by URL scheme ({@code kombu/transport/__init__.py} {@code TRANSPORT_ALIASES}). Factories
 * are found with {@link ServiceLoader} ({@code
 * META-INF/services/io.jcelery.transport.TransportFactory}); this module provides {@code
 * memory}, {@code filesystem}, {@code redis}, {@code rediss}, {@code amqp}, {@code amqps} and
 * {@code pyamqp}.
 *
 * <p>Thread-safe; stateless.
 *
 * @since 0.1
 */
public final class Transports {

  private Transports() {}

  /**
   * Opens a transport for {@code url} (Celery's {@code broker_url}).
   *
   * @param url broker URL such as {@code redis://:secret@host:6379/0}; never null
   * @param transportOptions Celery's {@code broker_transport_options}, kombu option names; may be
   *     null
   * @throws IllegalArgumentException when the URL cannot be parsed
   * @throws TransportException when no factory serves the scheme (the message lists those that
   *     do) or the broker cannot be reached
   */
  public static Transport open(String url, Map<String, Object> transportOptions) {
    return open(BrokerUrl.parse(url), transportOptions);
  }

  /** Opens a transport without transport options. */
  public static Transport open(String url) {
    return open(BrokerUrl.parse(url), Map.of());
  }

  /**
   * Opens a transport for a parsed URL.
   *
   * @see #open(String, Map)
   */
  public static Transport open(BrokerUrl url, Map<String, Object> transportOptions) {
    TransportFactory factory = factoryFor(url.scheme());
    return factory.create(url, transportOptions == null ? Map.of() : transportOptions);
  }

  /**
   * The factory serving a URL scheme.
   *
   * @throws TransportException when none does
   */
  public static TransportFactory factoryFor(String scheme) {
    TreeSet<String> supported = new TreeSet<>();
    for (TransportFactory factory : loader()) {
      if (factory.schemes().contains(scheme)) {
        return factory;
      }
      supported.addAll(factory.schemes());
    }
    throw new TransportException(
        "No transport for URL scheme '" + scheme + "'; supported schemes: " + supported);
  }

  private static ServiceLoader<TransportFactory> loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ServiceLoader<TransportFactory> found = ServiceLoader.load(TransportFactory.class, context);
    if (context != Transports.class.getClassLoader() && found.findFirst().isEmpty()) {
      return ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader());
    }
    return found;
  }
}
