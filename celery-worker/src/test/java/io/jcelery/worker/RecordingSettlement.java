package io.jcelery.worker;

import io.jcelery.transport.Settlement;
import java.util.concurrent.atomic.AtomicReference;

/** A settlement that remembers how it was settled, for stage tests without a broker. */
public final class RecordingSettlement implements Settlement {

  /** How a delivery was settled. */
  public enum Outcome {
    ACKED,
    REJECTED,
    REQUEUED
  }

  private final AtomicReference<Outcome> outcome = new AtomicReference<>();

  @Override
  public void ack() {
    settle(Outcome.ACKED);
  }

  @Override
  public void reject(boolean requeue) {
    settle(requeue ? Outcome.REQUEUED : Outcome.REJECTED);
  }

  private void settle(Outcome how) {
    if (!outcome.compareAndSet(null, how)) {
      throw new IllegalStateException("settled twice: " + outcome.get() + " then " + how);
    }
  }

  @Override
  public boolean isSettled() {
    return outcome.get() != null;
  }

  /** How it was settled, or null. */
  public Outcome outcome() {
    return outcome.get();
  }
}
