package io.jcelery.worker;

import io.jcelery.protocol.codec.PythonRepr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A task's retry settings, read from its {@link CeleryTask} annotation: Celery's {@code
 * max_retries}, {@code default_retry_delay}, {@code autoretry_for}, {@code retry_backoff}, {@code
 * retry_backoff_max} and {@code retry_jitter} ({@code celery/app/task.py}, {@code
 * celery/app/autoretry.py}). Immutable.
 *
 * @param maxRetries the most retries; null for no limit (Python's {@code None})
 * @param defaultRetryDelay the countdown of a retry that names neither countdown nor ETA
 * @param autoretryFor exceptions that retry the task by themselves
 * @param retryBackoff the exponential backoff factor in seconds of automatic retries; 0 for none
 * @param retryBackoffMax the longest backoff in seconds
 * @param retryJitter whether the backoff is randomised ("full jitter")
 * @since 0.2
 */
public record RetryPolicy(
    Integer maxRetries,
    Duration defaultRetryDelay,
    List<Class<? extends Throwable>> autoretryFor,
    int retryBackoff,
    int retryBackoffMax,
    boolean retryJitter) {

  /** Celery's defaults: 3 retries, 180 s apart, no automatic retries, backoff max 600 s, jitter. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(180), List.of(), 0, 600, true);

  public RetryPolicy {
    Objects.requireNonNull(defaultRetryDelay, "defaultRetryDelay");
    autoretryFor = List.copyOf(autoretryFor);
  }

  /** The policy an annotation declares. */
  public static RetryPolicy of(CeleryTask task) {
    if (task.maxRetries() < -1) {
      throw new IllegalArgumentException("maxRetries must be -1 (no limit) or more");
    }
    if (task.defaultRetryDelay() < 0 || task.retryBackoff() < 0 || task.retryBackoffMax() < 0) {
      throw new IllegalArgumentException(
          "defaultRetryDelay, retryBackoff and retryBackoffMax must not be negative");
    }
    return new RetryPolicy(
        task.maxRetries() == -1 ? null : task.maxRetries(),
        Duration.ofNanos(Math.round(task.defaultRetryDelay() * 1e9)),
        List.of(task.autoretryFor()),
        task.retryBackoff(),
        task.retryBackoffMax(),
        task.retryJitter());
  }

  /** Whether {@code error} retries the task by itself ({@code autoretry_for}). */
  public boolean autoretries(Throwable error) {
    if (error instanceof Retry) {
      return false;
    }
    for (Class<? extends Throwable> type : autoretryFor) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The countdown of an automatic retry after {@code retries} earlier ones: Celery's {@code
   * get_exponential_backoff_interval(retry_backoff, retries, retry_backoff_max, retry_jitter)}, or
   * null (the default delay) without backoff.
   */
  public Duration autoretryCountdown(int retries) {
    if (retryBackoff == 0) {
      return null;
    }
    long countdown =
        retries >= 62
            ? retryBackoffMax
            : Math.min(retryBackoffMax, (long) retryBackoff * (1L << retries));
    if (retryJitter) {
      countdown = ThreadLocalRandom.current().nextLong(countdown + 1);
    }
    return Duration.ofSeconds(Math.max(0, countdown));
  }

  /**
   * Celery's {@code Task.retry}: the {@link Retry} to throw, or, when the retries are exhausted,
   * throws the given exception itself (checked or not) or a {@link MaxRetriesExceededError}.
   *
   * @param request the running request
   * @param options what the task asked for
   */
  public Retry retry(TaskContext request, RetryOptions options) {
    int retries = request.retries() + 1;
    Integer max = options.maxRetries() != null ? options.maxRetries() : maxRetries;
    if (max != null && retries > max) {
      if (options.exc() != null) {
        throw Retry.<RuntimeException>sneaky(options.exc());
      }
      throw new MaxRetriesExceededError(
          "Can't retry "
              + request.taskName()
              + "["
              + request.id()
              + "] args:"
              + PythonRepr.argsrepr(request.args(), PythonRepr.NO_LIMIT)
              + " kwargs:"
              + PythonRepr.saferepr(request.kwargs()));
    }
    Duration countdown = options.countdown();
    if (options.eta() == null && countdown == null) {
      countdown = defaultRetryDelay;
    }
    return new Retry(options.exc(), countdown, options.eta());
  }
}
