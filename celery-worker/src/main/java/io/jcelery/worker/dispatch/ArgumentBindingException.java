package io.jcelery.worker.dispatch;

import io.jcelery.protocol.CeleryException;

/**
 * A task's message arguments do not fit its method: missing, extra, given twice or not
 * convertible to the parameter type. Celery reports such a call as Python's {@code TypeError}
 * ({@code exc_module} {@code builtins}), and so does jcelery. The task fails; the worker goes on.
 *
 * @since 0.1
 */
public final class ArgumentBindingException extends CeleryException {

  /** The Python exception type a result records for this failure. */
  public static final String PYTHON_TYPE = "TypeError";

  /** The Python module of {@link #PYTHON_TYPE}. */
  public static final String PYTHON_MODULE = "builtins";

  public ArgumentBindingException(String message) {
    super(message);
  }

  public ArgumentBindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
