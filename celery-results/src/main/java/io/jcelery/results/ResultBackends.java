package io.jcelery.results;

import io.jcelery.transport.BrokerUrl;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens a result backend by URL. The built-in schemes are {@code redis://}, {@code rediss://},
 * {@code file://}, {@code memory://} and {@code rpc://} (which needs the app's broker: open it with
 * a {@link ResultBackendContext}, as {@code Celery} does); others come from {@link
 * ResultBackendFactory} implementations on the class path.
 *
 * @since 0.1
 */
public final class ResultBackends {

  private ResultBackends() {}

  /**
   * Opens the backend for a {@code result_backend} URL.
   *
   * @param url e.g. {@code redis://localhost:6379/1}, {@code file:///var/celery/results}
   * @param options serializer, accepted content and expiry
   * @throws ResultBackendException when no factory serves the scheme, or the store cannot be opened
   */
  public static ResultBackend open(String url, ResultBackendOptions options) {
    return open(url, options, null);
  }

  /**
   * Opens the backend for a {@code result_backend} URL with the app's broker connection and oid at
   * hand, which the {@code rpc://} backend needs (Celery gives every backend the app).
   *
   * @param url e.g. {@code rpc://}, {@code redis://localhost:6379/1}
   * @param options serializer, accepted content, expiry and persistence
   * @param context the app's broker connection and oid; may be null for backends that need none
   * @throws ResultBackendException when no factory serves the scheme, or the store cannot be opened
   * @since 0.1
   */
  public static ResultBackend open(
      String url, ResultBackendOptions options, ResultBackendContext context) {
    BrokerUrl parsed;
    try {
      parsed = BrokerUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ResultBackendException("Invalid result_backend URL: " + e.getMessage(), e);
    }
    Map<String, ResultBackendFactory> factories = factoriesByScheme();
    ResultBackendFactory factory = factories.get(parsed.scheme());
    if (factory == null) {
      throw new ResultBackendException(
          "No result backend for scheme '"
              + parsed.scheme()
              + "' (result_backend="
              + parsed
              + "); known schemes: "
              + factories.keySet());
    }
    return factory.create(parsed, options, context);
  }

  private static Map<String, ResultBackendFactory> factoriesByScheme() {
    Map<String, ResultBackendFactory> byScheme = new TreeMap<>();
    // The context class loader sees plugins of the application; ours sees the built-in stores.
    for (ClassLoader loader :
        new ClassLoader[] {
          Thread.currentThread().getContextClassLoader(), ResultBackends.class.getClassLoader()
        }) {
      if (loader == null) {
        continue;
      }
      for (ResultBackendFactory factory : ServiceLoader.load(ResultBackendFactory.class, loader)) {
        for (String scheme : factory.schemes()) {
          byScheme.putIfAbsent(scheme, factory);
        }
      }
    }
    return byScheme;
  }
}
