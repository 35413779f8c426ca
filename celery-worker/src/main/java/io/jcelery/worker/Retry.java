package io.jcelery.worker;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The task is to be retried later (Celery's {@code celery.exceptions.Retry}). {@link
 * TaskContext#retry()} returns it after deciding that the task may run again; the task throws it,
 * as a Python task raises {@code self.retry()}:
 *
 * <pre>{@code
 * @CeleryTask(value = "tasks.fetch", maxRetries = 5)
 * public static String fetch(TaskContext ctx, String url) {
 *   try {
 *     return http.get(url);
 *   } catch (IOException e) {
 *     throw ctx.retry(RetryOptions.builder().exc(e).countdown(Duration.ofSeconds(10)).build());
 *   }
 * }
 * }</pre>
 *
 * <p>The worker then sends the task again (same id, {@code retries + 1}, an ETA), stores {@code
 * RETRY} with the exception (or no result when there is none) and acknowledges the message.
 *
 * @since 0.2
 */
public final class Retry extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Throwable exc;
  private final Duration countdown;
  private final OffsetDateTime eta;

  Retry(Throwable exc, Duration countdown, OffsetDateTime eta) {
    super(message(exc, countdown, eta), exc);
    this.exc = exc;
    this.countdown = countdown;
    this.eta = eta;
  }

  /** The exception that caused the retry (Celery's {@code Retry.exc}); null when none was given. */
  public Throwable exc() {
    return exc;
  }

  /** How long after now the task runs again; null when {@link #eta()} is set. */
  public Duration countdown() {
    return countdown;
  }

  /** When the task runs again; null when {@link #countdown()} is set. */
  public OffsetDateTime eta() {
    return eta;
  }

  /** Throws any throwable, checked or not, as Celery re-raises a task's exception. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> T sneaky(Throwable error) throws T {
    throw (T) error;
  }

  /** Celery's {@code str(Retry)}: {@code Retry in 10s: ValueError('boom')}. */
  private static String message(Throwable exc, Duration countdown, OffsetDateTime eta) {
    String when = eta != null ? "at " + eta : "in " + seconds(countdown) + "s";
    return exc == null ? "Retry " + when : "Retry " + when + ": " + repr(exc);
  }

  /** Python's repr of the number of seconds: {@code 10}, {@code 0.2}. */
  static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  /** Celery's {@code safe_repr(exc)}, the Java way: {@code IllegalStateException('boom')}. */
  private static String repr(Throwable exc) {
    String name = exc.getClass().getSimpleName();
    String message = exc.getMessage();
    return message == null ? name + "()" : name + "('" + message.replace("'", "\\'") + "')";
  }
}
