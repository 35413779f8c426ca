package io.jcelery.worker.dispatch;

import io.jcelery.worker.decode.TaskRequest;

/**
 * Where the dispatcher sends each request; the worker wires it to the execution and completion
 * stages. Implementations must not throw and must be thread-safe: calls come from the consumer
 * thread and, for ETA tasks, from the scheduler thread.
 *
 * @since 0.1
 */
public interface DispatchTarget {

  /** Runs the task now (hands it to the pool). */
  void execute(TaskRequest request, RegisteredTask task);

  /**
   * No task of that name is registered: reject the message and store {@code NotRegistered}
   * (Celery's {@code on_unknown_task}).
   */
  void unregistered(TaskRequest request);

  /**
   * The request was revoked before it ran, for example because it expired: store {@code REVOKED}
   * with {@code TaskRevokedError(reason)} and acknowledge (Celery's {@code _announce_revoked}).
   */
  void revoked(TaskRequest request, RegisteredTask task, String reason);
}
