package io.jcelery.worker;

/**
 * The task ran past its soft time limit (Celery's {@code celery.exceptions.SoftTimeLimitExceeded},
 * raised inside the task by billiard's {@code soft_timeout_sighandler}). A task sees it from
 * {@link TaskContext#checkSoftTimeLimit()}, and the worker reports an {@link InterruptedException}
 * that escapes a task after its soft limit as this exception. A task may catch it to clean up and
 * return normally; left uncaught, it fails the task with {@code exc_type SoftTimeLimitExceeded},
 * {@code exc_module celery.exceptions}.
 *
 * @since 0.1
 */
public final class SoftTimeLimitExceeded extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The Python module Celery reports for this exception. */
  public static final String PYTHON_MODULE = "celery.exceptions";

  /** @param message what to log; may be null */
  public SoftTimeLimitExceeded(String message) {
    super(message);
  }
}
