package io.jcelery.transport.amqp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The acks and rejects of one channel, sent by one thread at a time: while it writes, the tags
 * settled meanwhile wait and go out with its next write. Acks of a contiguous run of the oldest
 * deliveries go out as one {@code basic.ack(multiple=true)}; an ack behind a delivery still
 * unsettled goes out alone, at once, so no ack waits for a slow task (or a held ETA task). A
 * reject is written before any multiple ack that could cover its tag. A lone settlement is written
 * at once, as py-amqp writes Celery's acks. Thread-safe.
 */
final class AmqpAcks {

  /** Writes settlements on the channel. */
  interface Sender {
    void ack(long tag, boolean multiple) throws IOException;

    void reject(long tag, boolean requeue) throws IOException;
  }

  /** A settlement that could not be written (the channel closed); the broker redelivers. */
  interface FailureHandler {
    void failed(long tag, Exception cause);
  }

  private final Sender sender;
  private final FailureHandler onFailure;
  private final Object lock = new Object();
  // guarded by lock:
  private final TreeSet<Long> unsettled = new TreeSet<>();
  private long[] acks = new long[16];
  private int ackCount;
  private final List<long[]> rejects = new ArrayList<>(); // {tag, requeue ? 1 : 0}
  private boolean writing;

  AmqpAcks(Sender sender, FailureHandler onFailure) {
    this.sender = sender;
    this.onFailure = onFailure;
  }

  /** Records a delivery handed out; call before the delivery can be settled. */
  void delivered(long tag) {
    synchronized (lock) {
      unsettled.add(tag);
    }
  }

  /** Acks {@code tag}: written by this thread, or by the one writing now, before it returns. */
  void ack(long tag) {
    synchronized (lock) {
      unsettled.remove(tag);
      if (ackCount == acks.length) {
        acks = Arrays.copyOf(acks, ackCount * 2);
      }
      acks[ackCount++] = tag;
    }
    writePending();
  }

  /** Rejects {@code tag}, requeued or not, ahead of any multiple ack that covers it. */
  void reject(long tag, boolean requeue) {
    synchronized (lock) {
      unsettled.remove(tag);
      rejects.add(new long[] {tag, requeue ? 1 : 0});
    }
    writePending();
  }

  /**
   * Waits until nothing is being written, at most {@code timeout}: what was settled before this
   * call is then on the wire.
   *
   * @return whether the writer finished in time
   */
  boolean awaitWritten(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (writing || ackCount > 0 || !rejects.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  private void writePending() {
    while (true) {
      long[] batch;
      int count;
      long low;
      List<long[]> rejectBatch;
      synchronized (lock) {
        if (writing) {
          return; // the writer takes ours in its next round
        }
        if (ackCount == 0 && rejects.isEmpty()) {
          lock.notifyAll();
          return;
        }
        writing = true;
        batch = Arrays.copyOf(acks, ackCount);
        count = ackCount;
        ackCount = 0;
        rejectBatch = rejects.isEmpty() ? List.of() : new ArrayList<>(rejects);
        rejects.clear();
        low = unsettled.isEmpty() ? Long.MAX_VALUE : unsettled.first();
      }
      try {
        write(batch, count, low, rejectBatch);
      } finally {
        synchronized (lock) {
          writing = false;
        }
      }
    }
  }

  private void write(long[] batch, int count, long low, List<long[]> rejectBatch) {
    for (long[] reject : rejectBatch) {
      try {
        sender.reject(reject[0], reject[1] != 0);
      } catch (IOException | RuntimeException e) {
        onFailure.failed(reject[0], e);
      }
    }
    Arrays.sort(batch, 0, count);
    // Every tag below `low` was settled: the acks below it go out as one multiple ack.
    int below = 0;
    while (below < count && batch[below] < low) {
      below++;
    }
    if (below > 0) {
      send(batch[below - 1], below > 1);
    }
    for (int i = below; i < count; i++) {
      send(batch[i], false);
    }
  }

  private void send(long tag, boolean multiple) {
    try {
      sender.ack(tag, multiple);
    } catch (IOException | RuntimeException e) {
      onFailure.failed(tag, e);
    }
  }
}
