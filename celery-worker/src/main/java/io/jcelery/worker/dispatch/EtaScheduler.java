package io.jcelery.worker.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds tasks with a future ETA in memory, unacknowledged, until they are due (Celery's worker
 * timer, {@code consumer.timer.call_at}). One daemon thread; releasing a task only hands it on, so
 * the thread is never busy for long. Thread-safe.
 */
final class EtaScheduler {

  private final ScheduledExecutorService timer;

  EtaScheduler() {
    this("EtaScheduler");
  }

  /** A scheduler whose thread has the given name. */
  EtaScheduler(String threadName) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code due} after {@code delay}. */
  void schedule(Duration delay, Runnable due) {
    timer.schedule(due, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  /**
   * Drops every held task without running it; their messages stay unsettled, so the transport
   * returns them to the queue when it closes.
   *
   * @return how many tasks were held
   */
  int stop() {
    List<Runnable> held = timer.shutdownNow();
    return held.size();
  }
}
