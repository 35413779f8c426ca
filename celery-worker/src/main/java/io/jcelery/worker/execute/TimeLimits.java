package io.jcelery.worker.execute;

import io.jcelery.protocol.TaskHeaders;
import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The hard and soft time limits of one run, in seconds; 0 means none. Each limit is taken, as
 * Celery's {@code Request.execute_using_pool} does ({@code celery/worker/request.py}), from the
 * message's {@code timelimit} header, else the task's {@link CeleryTask#timeLimit()} / {@link
 * CeleryTask#softTimeLimit()}, else the app's {@code task_time_limit} / {@code
 * task_soft_time_limit}. A zero or missing value falls through to the next source, as Python's
 * {@code or} does.
 *
 * @param hard seconds until the task is failed with {@code TimeLimitExceeded}; 0 for none
 * @param soft seconds until the task sees {@code SoftTimeLimitExceeded}; 0 for none
 * @since 0.1
 */
public record TimeLimits(double hard, double soft) {

  /** No limits (Celery's default: {@code task_time_limit} and its soft twin are None). */
  public static final TimeLimits NONE = new TimeLimits(0, 0);

  public TimeLimits {
    if (!(hard >= 0) || !(soft >= 0) || Double.isInfinite(hard) || Double.isInfinite(soft)) {
      throw new IllegalArgumentException(
          "time limits must be finite and not negative: hard " + hard + ", soft " + soft);
    }
  }

  /**
   * The app-wide limits from the {@code task_time_limit} / {@code task_soft_time_limit} settings.
   *
   * @param hard may be null (none)
   * @param soft may be null (none)
   */
  public static TimeLimits of(Duration hard, Duration soft) {
    return new TimeLimits(seconds(hard), seconds(soft));
  }

  /** Whether neither limit is set. */
  public boolean none() {
    return hard == 0 && soft == 0;
  }

  /** The limits of one run of {@code task}; {@code this} holds the app-wide defaults. */
  TimeLimits resolve(TaskRequest request, RegisteredTask task) {
    TaskHeaders headers = request.headers();
    CeleryTask annotation = task.method().getAnnotation(CeleryTask.class);
    double taskHard = annotation != null ? annotation.timeLimit() : 0;
    double taskSoft = annotation != null ? annotation.softTimeLimit() : 0;
    return new TimeLimits(
        first(headers.timeLimit(), taskHard, hard), first(headers.softTimeLimit(), taskSoft, soft));
  }

  /** Seconds as Python prints a number: {@code 1} for a whole number, else {@code 0.5}. */
  static Number pythonNumber(double seconds) {
    if (seconds == Math.rint(seconds) && Math.abs(seconds) < Long.MAX_VALUE) {
      return (long) seconds;
    }
    return seconds;
  }

  private static double first(Double header, double task, double app) {
    if (header != null && header > 0 && !header.isInfinite()) {
      return header;
    }
    return task > 0 ? task : app;
  }

  private static double seconds(Duration d) {
    return d == null ? 0 : BigDecimal.valueOf(d.toNanos(), 9).doubleValue();
  }
}
