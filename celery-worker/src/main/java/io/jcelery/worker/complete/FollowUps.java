package io.jcelery.worker.complete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jcelery.worker.Retry;
import io.jcelery.worker.decode.TaskRequest;

/**
 * Sends what follows a task: on success its callbacks ({@code link}) and the next step of its
 * chain, on failure its errbacks (celery {@code celery/app/trace.py}, {@code build_tracer}). Thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FollowUps {

  /** Sends nothing. */
  FollowUps NONE = (request, result) -> null;

  /**
   * Publishes the follow-ups of a task that returned {@code result}.
   *
   * @return the {@code children} entries of the tasks sent ({@code [[id, null], null]} each), or
   *     null when none were sent
   */
  ArrayNode publish(TaskRequest request, JsonNode result);

  /** Called when the task failed; errbacks would be sent here. Does nothing by default. */
  default void publishErrbacks(TaskRequest request, Throwable error) {}

  /**
   * Sends the task again for a retry (Celery's {@code signature_from_request(...).apply_async()}
   * in {@code Task.retry}): same id and workflow, {@code retries + 1}, the retry's ETA.
   *
   * @throws RuntimeException when it cannot be sent
   */
  default void retry(TaskRequest request, Retry retry) {
    throw new UnsupportedOperationException("This worker cannot send retries");
  }
}
