package io.jcelery.results;

import io.jcelery.transport.BrokerUrl;
import java.util.Set;

/**
 * Creates result backends for the URL schemes it knows. Found with {@link java.util.ServiceLoader};
 * {@link ResultBackends#open} picks the factory by the URL's scheme, as Celery picks a backend
 * class by the scheme of {@code result_backend} ({@code celery/app/backends.py}).
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 *
 * @since 0.1
 */
public interface ResultBackendFactory {

  /** The URL schemes served, e.g. {@code redis}, {@code rediss}. */
  Set<String> schemes();

  /**
   * Opens the backend.
   *
   * @param url the {@code result_backend} URL
   * @param options serializer, accepted content and expiry
   * @throws ResultBackendException when the store cannot be reached or the URL is invalid
   */
  ResultBackend create(BrokerUrl url, ResultBackendOptions options);

  /**
   * Opens the backend with the app's broker connection and oid at hand, for backends that need
   * them ({@code rpc://}). The default ignores the context and calls {@link #create(BrokerUrl,
   * ResultBackendOptions)}.
   *
   * @param url the {@code result_backend} URL
   * @param options serializer, accepted content, expiry and persistence
   * @param context the app's broker connection and oid; null when the caller has no app, which
   *     backends that need one refuse with a {@link ResultBackendException}
   * @throws ResultBackendException when the store cannot be reached or the URL is invalid
   * @since 0.1
   */
  default ResultBackend create(
      BrokerUrl url, ResultBackendOptions options, ResultBackendContext context) {
    return create(url, options);
  }
}
