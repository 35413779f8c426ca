package io.jcelery.worker.execute;

import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;
import java.util.concurrent.CompletionStage;

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

  /**
   * The task ended.
   *
   * @return completes when the outcome is fully reported (its state stored, its message settled);
   *     it may complete later, on another thread, so that the pool thread can go on
   */
  CompletionStage<?> onOutcome(TaskRequest request, RegisteredTask task, Outcome outcome);
}
