package io.jcelery.worker.execute;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resizable pool of platform threads. The queue is unbounded: the consumer's prefetch count
 * already bounds how many jobs can wait.
 */
final class ThreadsPool implements WorkerPool {

  private final ThreadPoolExecutor executor;
  private volatile int size;
  /** Threads stuck in jobs that overran their hard time limit; the pool grows by as many. */
  private int abandoned;

  ThreadsPool(int size) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "ThreadPoolWorker-" + count.incrementAndGet());
          t.setDaemon(false);
          return t;
        };
    // A pool of size 0 (autoscale min 0) still needs a core size of at least one thread to be
    // valid for ThreadPoolExecutor; such a pool has a maximum of one and lets it time out.
    this.executor =
        new ThreadPoolExecutor(
            Math.max(size, 1),
            Math.max(size, 1),
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            threads);
    this.executor.allowCoreThreadTimeOut(size == 0);
    this.size = size;
  }

  @Override
  public String label() {
    return "threads";
  }

  @Override
  public void execute(Runnable job) {
    executor.execute(job);
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
    size = newSize;
    applySize();
    executor.allowCoreThreadTimeOut(newSize == 0);
  }

  @Override
  public synchronized Runnable abandon() {
    abandoned++;
    applySize(); // starts a thread for the queued jobs at once
    return () -> {
      synchronized (this) {
        abandoned--;
        applySize();
      }
    };
  }

  private void applySize() {
    int threads = Math.max(size, 1) + abandoned;
    // ThreadPoolExecutor requires core <= max at every step, so the order depends on direction.
    if (threads > executor.getMaximumPoolSize()) {
      executor.setMaximumPoolSize(threads);
      executor.setCorePoolSize(threads);
    } else {
      executor.setCorePoolSize(threads);
      executor.setMaximumPoolSize(threads);
    }
  }

  @Override
  public void shutdown() {
    executor.shutdown();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
