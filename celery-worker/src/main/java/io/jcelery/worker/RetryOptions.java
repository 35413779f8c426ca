package io.jcelery.worker;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What {@link TaskContext#retry(RetryOptions)} is asked for: the arguments of Celery's {@code
 * Task.retry(exc=, countdown=, eta=, max_retries=)}. Unset values fall back to the task's {@link
 * CeleryTask#defaultRetryDelay()} and {@link CeleryTask#maxRetries()}.
 *
 * @param exc the exception that caused the retry, stored with {@code RETRY} and raised when
 *     retries are exhausted; may be null
 * @param countdown run again this long after now; null for the default delay or {@code eta}
 * @param eta run again at this time; null for a countdown
 * @param maxRetries overrides the task's {@code maxRetries} for this call; null keeps it
 * @since 0.2
 */
public record RetryOptions(
    Throwable exc, Duration countdown, OffsetDateTime eta, Integer maxRetries) {

  /** No options: the default delay, the task's maximum, no exception. */
  public static final RetryOptions DEFAULT = new RetryOptions(null, null, null, null);

  /** @throws IllegalArgumentException for a negative countdown or maxRetries */
  public RetryOptions {
    if (countdown != null && countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must not be negative: " + countdown);
    }
    if (maxRetries != null && maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
    }
  }

  /** A builder starting from {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RetryOptions}. */
  public static final class Builder {
    private Throwable exc;
    private Duration countdown;
    private OffsetDateTime eta;
    private Integer maxRetries;

    private Builder() {}

    /** The exception that caused the retry. */
    public Builder exc(Throwable exc) {
      this.exc = exc;
      return this;
    }

    /** Run again this long after now (replaces an {@link #eta}). */
    public Builder countdown(Duration countdown) {
      this.countdown = Objects.requireNonNull(countdown, "countdown");
      this.eta = null;
      return this;
    }

    /** Run again at this time (replaces a {@link #countdown}). */
    public Builder eta(OffsetDateTime eta) {
      this.eta = Objects.requireNonNull(eta, "eta");
      this.countdown = null;
      return this;
    }

    /** The most retries for this call, instead of the task's {@code maxRetries}. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public RetryOptions build() {
      return new RetryOptions(exc, countdown, eta, maxRetries);
    }
  }
}
