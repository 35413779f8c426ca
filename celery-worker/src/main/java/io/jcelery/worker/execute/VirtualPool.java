package io.jcelery.worker.execute;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One virtual thread per job; a semaphore of {@code size} permits bounds how many run at once.
 * Waiting for a permit blocks only the job's own virtual thread, never the consumer.
 */
final class VirtualPool implements WorkerPool {

  private final ExecutorService executor;
  private final Slots slots;
  private volatile int size;

  VirtualPool(ExecutorService executor, int size) {
    this.executor = executor;
    this.slots = new Slots(size);
    this.size = size;
  }

  @Override
  public String label() {
    return "virtual";
  }

  @Override
  public void execute(Runnable job) {
    executor.execute(
        () -> {
          slots.acquireUninterruptibly();
          try {
            job.run();
          } finally {
            slots.release();
          }
        });
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public synchronized void resize(int newSize) {
    if (newSize < 0) {
      throw new IllegalArgumentException("pool size must not be negative: " + newSize);
    }
    int diff = newSize - size;
    if (diff > 0) {
      slots.release(diff);
    } else if (diff < 0) {
      slots.reduce(-diff);
    }
    size = newSize;
  }

  @Override
  public Runnable abandon() {
    // A permit now for a waiting job; the abandoned job's own release, when it returns, is
    // balanced by taking one away again just before it.
    slots.release();
    return () -> slots.reduce(1);
  }

  @Override
  public void shutdown() {
    executor.shutdown();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A fair semaphore whose permits can also be taken away without waiting. */
  private static final class Slots extends Semaphore {
    Slots(int permits) {
      super(permits, true);
    }

    void reduce(int n) {
      reducePermits(n);
    }
  }
}
