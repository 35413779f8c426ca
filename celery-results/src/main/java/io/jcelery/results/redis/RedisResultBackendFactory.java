package io.jcelery.results.redis;

import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendFactory;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.transport.BrokerUrl;
import java.util.Set;

/** Serves {@code redis://} and {@code rediss://}. */
public final class RedisResultBackendFactory implements ResultBackendFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public ResultBackend create(BrokerUrl url, ResultBackendOptions options) {
    return new RedisResultBackend(url, options);
  }
}
