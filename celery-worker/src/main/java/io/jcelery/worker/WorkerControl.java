package io.jcelery.worker;

import java.util.Collection;
import java.util.Set;

/**
 * Controls the worker a task runs on: Celery's {@code revoke} remote-control command and the
 * worker's {@code state.revoked} set ({@code celery/worker/control.py}, {@code
 * celery/worker/state.py}), without the broadcast channel. {@link Worker} implements it; a task
 * reaches its worker through {@link TaskContext#worker()}. Thread-safe.
 *
 * @since 0.2
 */
public interface WorkerControl {

  /**
   * Revokes tasks by id, as {@code app.control.revoke(ids, terminate=...)} does on the worker:
   * the ids are remembered (up to {@code CELERY_WORKER_REVOKES_MAX}, 50,000, for {@code
   * CELERY_WORKER_REVOKE_EXPIRES}, 10,800 s), so a revoked task this worker holds (ETA, rate
   * limit, queued) or receives later is discarded when its turn comes and stored as {@code
   * REVOKED} with {@code TaskRevokedError('revoked')}. With {@code terminate}, a revoked task that
   * is running is stopped: its thread is interrupted and abandoned, its pool slot freed, and it is
   * stored as {@code REVOKED} with {@code TaskRevokedError('terminated')}.
   *
   * @param taskIds the ids to revoke
   * @param terminate whether to stop the ones running now
   * @return the ids of the running tasks that were terminated (empty without {@code terminate})
   */
  Set<String> revoke(Collection<String> taskIds, boolean terminate);

  /** Whether {@code taskId} is revoked (or expired) and still remembered. */
  boolean isRevoked(String taskId);
}
