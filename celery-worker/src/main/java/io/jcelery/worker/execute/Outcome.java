package io.jcelery.worker.execute;

import io.jcelery.worker.Retry;
import java.time.Duration;

/**
 * How one run of a task ended. The {@link TaskInvoker} is the only producer: whatever the task
 * returns or throws becomes one of these, so the completion stage never sees a task's exception
 * (celery {@code celery/app/trace.py}, {@code trace_task}). Reject and Ignore join this set when
 * tasks can raise them.
 *
 * @since 0.1
 */
public sealed interface Outcome {

  /** How long the task ran (Celery's {@code runtime}), binding its arguments included. */
  Duration runtime();

  /**
   * The task returned.
   *
   * @param value the return value; null for void methods and null returns (Python's None)
   */
  record Succeeded(Object value, Duration runtime) implements Outcome {}

  /**
   * The task threw, or its arguments could not be bound ({@link
   * io.jcelery.worker.dispatch.ArgumentBindingException}, Python's {@code TypeError}).
   *
   * @param error what was thrown; never null
   */
  record Failed(Throwable error, Duration runtime) implements Outcome {}

  /**
   * The task asked to run again ({@link Retry}, thrown by the task or by an automatic retry).
   *
   * @param retry when to run again and why; never null
   */
  record Retried(Retry retry, Duration runtime) implements Outcome {}

  /**
   * The request was revoked: discarded before it ran ({@code "revoked"}) or stopped while running
   * ({@code "terminated"}), Celery's {@code TaskRevokedError(reason)}.
   *
   * @param reason Celery's reason: {@code revoked} or {@code terminated}
   */
  record Revoked(String reason, Duration runtime) implements Outcome {}
}
