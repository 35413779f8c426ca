package io.jcelery.transport.virtual;

import io.jcelery.transport.Settlement;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Settlement} that enforces the single-shot rule (kombu {@code Message.ack} raising
 * {@code MessageStateError} when already acknowledged) and leaves only the broker work to a
 * subclass. Thread-safe: the first call wins, any later call throws.
 *
 * @since 0.1
 */
public abstract class AbstractSettlement implements Settlement {

  private final AtomicReference<String> state = new AtomicReference<>();

  @Override
  public final void ack() {
    claim("ACK");
    onAck();
  }

  @Override
  public final void reject(boolean requeue) {
    claim(requeue ? "REQUEUED" : "REJECTED");
    onReject(requeue);
  }

  @Override
  public final boolean isSettled() {
    return state.get() != null;
  }

  /** Forgets the message on the broker. Called once. */
  protected abstract void onAck();

  /** Drops the message, or puts it back when {@code requeue}. Called once. */
  protected abstract void onReject(boolean requeue);

  private void claim(String outcome) {
    if (!state.compareAndSet(null, outcome)) {
      throw new IllegalStateException("Message already settled with state: " + state.get());
    }
  }
}
