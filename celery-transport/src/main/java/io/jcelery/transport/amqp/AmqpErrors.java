package io.jcelery.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Reads why the broker closed a channel or connection: a channel-level error (such as {@code
 * PRECONDITION_FAILED} or {@code NOT_FOUND}) is the caller's mistake and is reported, while a lost
 * connection is waited out, since automatic recovery brings it back.
 */
final class AmqpErrors {

  static final int NOT_FOUND = AMQP.NOT_FOUND;

  private AmqpErrors() {}

  /** The shutdown signal in {@code error}'s cause chain, or null. */
  static ShutdownSignalException signal(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s) {
        return s;
      }
    }
    return null;
  }

  /**
   * Whether {@code error} means the connection went away (recovery will bring it back), rather
   * than the broker refusing an operation on a channel.
   */
  static boolean isConnectionLoss(Throwable error) {
    ShutdownSignalException s = signal(error);
    // No signal: an I/O error on the socket. A channel closed together with its connection
    // carries the connection's (hard) signal, also in a later AlreadyClosedException.
    return s == null || s.isHardError();
  }

  /** The AMQP reply code of a channel or connection close, or 0. */
  static int replyCode(Throwable error) {
    ShutdownSignalException s = signal(error);
    Method reason = s == null ? null : s.getReason();
    if (reason instanceof AMQP.Channel.Close close) {
      return close.getReplyCode();
    }
    if (reason instanceof AMQP.Connection.Close close) {
      return close.getReplyCode();
    }
    return 0;
  }

  /** The broker's words, such as {@code PRECONDITION_FAILED - inequivalent arg 'durable'...}. */
  static String reason(Throwable error) {
    ShutdownSignalException s = signal(error);
    Method reason = s == null ? null : s.getReason();
    if (reason instanceof AMQP.Channel.Close close) {
      return close.getReplyText();
    }
    if (reason instanceof AMQP.Connection.Close close) {
      return close.getReplyText();
    }
    Throwable root = error;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
