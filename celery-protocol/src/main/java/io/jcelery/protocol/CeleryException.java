package io.jcelery.protocol;

/**
 * Root of every exception jcelery throws. Unchecked: broker and codec failures are not something a
 * caller can usually recover from at the call site.
 *
 * @since 0.1
 */
public class CeleryException extends RuntimeException {
  public CeleryException(String message) {
    super(message);
  }

  public CeleryException(String message, Throwable cause) {
    super(message, cause);
  }
}
