package io.jcelery.worker;

/**
 * A task asked to be retried more often than its {@code maxRetries} allow and gave no exception
 * of its own to fail with (Celery's {@code celery.exceptions.MaxRetriesExceededError}). Stored as
 * that Python type, so Python's {@code AsyncResult.get()} raises it.
 *
 * @since 0.2
 */
public final class MaxRetriesExceededError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The Python module Celery reports for this exception. */
  public static final String PYTHON_MODULE = "celery.exceptions";

  /** @param message Celery's {@code Can't retry <name>[<id>] args:(..) kwargs:{..}} */
  public MaxRetriesExceededError(String message) {
    super(message);
  }
}
