package io.jcelery.transport;

/**
 * The single-shot outcome of one delivery (kombu {@code kombu/message.py}: {@code ack}, {@code
 * reject}, {@code requeue}). Exactly one method may be called; a second call throws {@link
 * IllegalStateException}. A delivery never settled is returned to its queue when the consumer's
 * transport closes (kombu {@code QoS.restore_unacked}), flagged redelivered.
 *
 * <p>Thread-safe: any thread may settle.
 *
 * @since 0.1
 */
public interface Settlement {

  /** The message is done; the broker forgets it. */
  void ack();

  /**
   * The message is refused. With {@code requeue} it goes back to the queue (on Redis to its back,
   * as kombu does); without, it is dropped (or dead-lettered where the broker is set up for it).
   */
  void reject(boolean requeue);

  /** Whether {@link #ack()} or {@link #reject(boolean)} was called. */
  boolean isSettled();
}
