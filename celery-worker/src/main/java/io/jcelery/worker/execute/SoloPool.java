package io.jcelery.worker.execute;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Celery's solo pool ({@code celery/concurrency/solo.py}): each job runs in the caller's thread,
 * which is the transport's consumer thread, so one task runs at a time and no message is taken
 * while it runs.
 */
final class SoloPool implements WorkerPool {

  private final ReentrantLock running = new ReentrantLock();
  private volatile boolean shutdown;

  @Override
  public String label() {
    return "solo";
  }

  @Override
  public void execute(Runnable job) {
    if (shutdown) {
      throw new RejectedExecutionException("solo pool is shut down");
    }
    running.lock();
    try {
      job.run();
    } finally {
      running.unlock();
    }
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public void resize(int newSize) {
    throw new UnsupportedOperationException("the solo pool cannot be resized");
  }

  @Override
  public Runnable abandon() {
    return () -> {}; // the consumer's thread cannot be replaced
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    if (running.isHeldByCurrentThread()) {
      return false;
    }
    // The running job holds the lock; once we get it, no job runs and none can start.
    if (running.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      running.unlock();
      return true;
    }
    return false;
  }
}
