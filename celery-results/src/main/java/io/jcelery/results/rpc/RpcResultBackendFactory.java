package io.jcelery.results.rpc;

import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContext;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendFactory;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.transport.BrokerUrl;
import java.util.Set;

/**
 * Serves {@code rpc://} (see {@link RpcResultBackend}). The backend sends results over the app's
 * broker, so it opens only with a {@link ResultBackendContext}, as {@code Celery} passes one.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class RpcResultBackendFactory implements ResultBackendFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("rpc");
  }

  /**
   * Always fails: the rpc backend needs the app's broker connection.
   *
   * @throws ResultBackendException always
   */
  @Override
  public ResultBackend create(BrokerUrl url, ResultBackendOptions options) {
    return create(url, options, null);
  }

  /**
   * @throws ResultBackendException when {@code context} is null
   */
  @Override
  public ResultBackend create(
      BrokerUrl url, ResultBackendOptions options, ResultBackendContext context) {
    if (context == null) {
      throw new ResultBackendException(
          "The rpc:// result backend sends results over the app's broker: open it through the"
              + " Celery app, or with ResultBackends.open(url, options, context)");
    }
    return new RpcResultBackend(context, options);
  }
}
