package io.jcelery.results;

import io.jcelery.protocol.ResultMeta;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stores and reads task results in Celery's format ({@code celery/backends/base.py}). Thread-safe.
 *
 * <p>Key-value stores ({@link KeyValueResultBackend}) keep results by task id where any process
 * reads them; the {@code rpc://} backend ({@code io.jcelery.results.rpc}) instead sends each state
 * as a message to the producer's {@code reply_to} queue, which is why {@link #store(ResultMeta,
 * ResultRoute)} carries the request's route.
 *
 * @since 0.1
 */
public interface ResultBackend extends AutoCloseable {

  /**
   * Stores a state for {@code meta.taskId()}. Like Celery's {@code _store_result}, a stored {@code
   * SUCCESS} is never overwritten.
   */
  void store(ResultMeta meta);

  /**
   * Stores a state for the request that {@code route} describes (Celery's {@code
   * store_result(..., request=request)}). Key-value backends ignore the route (the default calls
   * {@link #store(ResultMeta)}); the rpc backend publishes to {@code route.replyTo()}. Workers call
   * this one.
   *
   * @param route the request's {@code reply_to} and {@code correlation_id}; never null ({@link
   *     ResultRoute#NONE} when unknown)
   * @since 0.1
   */
  default void store(ResultMeta meta, ResultRoute route) {
    store(meta);
  }

  /**
   * Stores like {@link #store(ResultMeta, ResultRoute)}, but may return before the store has
   * answered, so that a worker thread need not wait for it. The stage completes once the state is
   * stored (or was left alone because a {@code SUCCESS} is stored), exceptionally when storing
   * failed. A meta that cannot be encoded is still thrown from this call ({@link
   * io.jcelery.protocol.ProtocolException}), so that the caller can fail the task as Celery does.
   * Two states of one task stored without waiting for the first may be applied in either order.
   * The default stores before it returns.
   *
   * @param route as for {@link #store(ResultMeta, ResultRoute)}
   * @since 0.2
   */
  default CompletionStage<Void> storeAsync(ResultMeta meta, ResultRoute route) {
    store(meta, route);
    return CompletableFuture.completedStage(null);
  }

  /**
   * Called by the client before it publishes a task whose result it may read (Celery's {@code
   * Backend.on_task_call}, called from {@code send_task} unless {@code ignore_result}). The rpc
   * backend declares its reply queue and starts consuming it here; the default does nothing.
   *
   * @param taskId the id of the task about to be sent
   * @since 0.1
   */
  default void onTaskCall(String taskId) {}

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
