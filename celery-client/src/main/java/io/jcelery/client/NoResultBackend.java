package io.jcelery.client;

import io.jcelery.protocol.ResultMeta;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendException;
import java.time.Duration;
import java.util.Optional;

/**
 * The backend used when {@code result_backend} is unset (Celery's {@code DisabledBackend}, {@code
 * celery/backends/base.py}): storing does nothing; reading, waiting and forgetting fail with a
 * message saying how to configure one.
 */
final class NoResultBackend implements ResultBackend {

  static final String NO_BACKEND =
      "No result backend is configured: set result_backend (for example redis://localhost:6379/1"
          + " or file:///var/celery/results) to read task results";

  @Override
  public void store(ResultMeta meta) {}

  @Override
  public Optional<ResultMeta> get(String taskId) {
    throw new ResultBackendException(NO_BACKEND);
  }

  @Override
  public Optional<ResultMeta> awaitReady(String taskId, Duration timeout) {
    throw new ResultBackendException(NO_BACKEND);
  }

  @Override
  public void forget(String taskId) {
    throw new ResultBackendException(NO_BACKEND);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "disabled://";
  }
}
