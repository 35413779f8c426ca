package io.jcelery.results.memory;

import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendFactory;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.transport.BrokerUrl;
import java.util.Set;

/** Serves {@code memory://[name]}. */
public final class InMemoryResultBackendFactory implements ResultBackendFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public ResultBackend create(BrokerUrl url, ResultBackendOptions options) {
    return InMemoryResultBackend.named(url.hostOr(""), options);
  }
}
