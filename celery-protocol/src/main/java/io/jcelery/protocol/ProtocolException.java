package io.jcelery.protocol;

/**
 * A message could not be encoded or decoded (kombu {@code EncodeError} / {@code DecodeError}).
 *
 * @since 0.1
 */
public class ProtocolException extends CeleryException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
