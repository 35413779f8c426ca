package io.jcelery.worker.execute;

/**
 * A task ran past its hard time limit and was abandoned (billiard's {@code
 * billiard.exceptions.TimeLimitExceeded}); the completion stage stores it as {@code FAILURE} with
 * {@code exc_message [<seconds>]} and no traceback, as Celery's {@code Request.on_timeout} does.
 * Never thrown: it travels in an {@link Outcome.Failed}.
 *
 * @since 0.1
 */
public final class TimeLimitExceeded extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The Python module Celery reports for this exception. */
  public static final String PYTHON_MODULE = "billiard.exceptions";

  private final double limit;

  /** @param limit the hard limit in seconds */
  public TimeLimitExceeded(double limit) {
    super("TimeLimitExceeded(" + TimeLimits.pythonNumber(limit) + ",)", null, false, false);
    this.limit = limit;
  }

  /** The hard limit in seconds. */
  public double limit() {
    return limit;
  }

  /** The limit as Python would have it in {@code exc_message}: {@code 1} or {@code 0.5}. */
  public Number pythonLimit() {
    return TimeLimits.pythonNumber(limit);
  }
}
