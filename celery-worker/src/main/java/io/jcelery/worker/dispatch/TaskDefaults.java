package io.jcelery.worker.dispatch;

/**
 * The app-wide task options a {@link io.jcelery.worker.CeleryTask.Flag#DEFAULT} falls back to.
 *
 * @param acksLate {@code task_acks_late}
 * @param ignoreResult {@code task_ignore_result}
 * @param trackStarted {@code task_track_started}
 * @param rejectOnWorkerLost {@code task_reject_on_worker_lost}
 * @param rateLimit {@code task_default_rate_limit}, for tasks without a rate limit of their own
 * @since 0.1
 */
public record TaskDefaults(
    boolean acksLate,
    boolean ignoreResult,
    boolean trackStarted,
    boolean rejectOnWorkerLost,
    RateLimit rateLimit) {

  /** Celery's defaults: all off, no rate limit. */
  public static final TaskDefaults CELERY = new TaskDefaults(false, false, false);

  /** Without reject_on_worker_lost and rate limit. */
  public TaskDefaults(boolean acksLate, boolean ignoreResult, boolean trackStarted) {
    this(acksLate, ignoreResult, trackStarted, false, RateLimit.NONE);
  }
}
