package io.jcelery.transport;

import io.jcelery.protocol.CeleryException;

/**
 * A broker operation failed (connection lost, command refused, folder not writable).
 *
 * @since 0.1
 */
public class TransportException extends CeleryException {
  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
