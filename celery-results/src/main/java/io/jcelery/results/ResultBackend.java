package io.jcelery.results;

import io.jcelery.protocol.ResultMeta;
import java.time.Duration;
import java.util.Optional;

/**
 * Stores and reads task results in Celery's format ({@code celery/backends/base.py}). Thread-safe.
 *
 * @since 0.1
 */
public interface ResultBackend extends AutoCloseable {

  /**
   * Stores a state for {@code meta.taskId()}. Like Celery's {@code _store_result}, a stored {@code
   * SUCCESS} is never overwritten.
   */
  void store(ResultMeta meta);

  /** The stored meta, or empty when nothing is stored (Celery reports that as PENDING). */
  Optional<ResultMeta> get(String taskId);

  /**
   * Waits until the task reaches a ready state (SUCCESS, FAILURE, REVOKED) and returns its meta;
   * empty when the timeout passes first. Backends with notifications (Redis PUBLISH) wake at once;
   * others poll.
   */
  Optional<ResultMeta> awaitReady(String taskId, Duration timeout);

  /** Deletes the stored result ({@code AsyncResult.forget}). */
  void forget(String taskId);

  @Override
  void close();
}
