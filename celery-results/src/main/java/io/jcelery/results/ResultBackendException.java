package io.jcelery.results;

import io.jcelery.protocol.CeleryException;

/**
 * A result backend operation failed.
 *
 * @since 0.1
 */
public class ResultBackendException extends CeleryException {
  public ResultBackendException(String message) {
    super(message);
  }

  public ResultBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
