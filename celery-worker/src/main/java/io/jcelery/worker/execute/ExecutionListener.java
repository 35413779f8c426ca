package io.jcelery.worker.execute;

import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;

/**
 * Told when a job starts and when it ends; the completion stage implements it. Called on pool
 * threads; implementations must be thread-safe and must not throw.
 *
 * @since 0.1
 */
public interface ExecutionListener {

  /**
   * The pool took the job and is about to run it (Celery's {@code Request.on_accepted}): the
   * moment an early-ack message is acknowledged and {@code STARTED} is stored.
   */
  void onAccepted(TaskRequest request, RegisteredTask task);

  /** The task ended. */
  void onOutcome(TaskRequest request, RegisteredTask task, Outcome outcome);
}
