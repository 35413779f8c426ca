package io.jcelery.worker.dispatch;

/**
 * The app-wide task options a {@link io.jcelery.worker.CeleryTask.Flag#DEFAULT} falls back to.
 *
 * @param acksLate {@code task_acks_late}
 * @param ignoreResult {@code task_ignore_result}
 * @param trackStarted {@code task_track_started}
 * @since 0.1
 */
public record TaskDefaults(boolean acksLate, boolean ignoreResult, boolean trackStarted) {

  /** Celery's defaults: all off. */
  public static final TaskDefaults CELERY = new TaskDefaults(false, false, false);
}
