package io.jcelery.worker.execute;

import io.jcelery.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows and shrinks the pool with the load, as Celery's {@code celery/worker/autoscale.py}: at
 * every tick, when the reserved work (queued plus running) exceeds the pool size the pool grows,
 * up to max; when it is below, the pool shrinks toward min, but only once the keepalive has passed
 * since the last time it grew. Runs on its own daemon thread.
 *
 * @since 0.1
 */
public final class Autoscaler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

  private final WorkerPool pool;
  private final IntSupplier reserved;
  private final WorkerOptions.Autoscale bounds;
  private final long keepaliveNanos;
  private final Duration interval;
  private final Runnable onResize;
  private final ScheduledExecutorService timer;
  private long lastScaleUp;
  private boolean scaledUp;

  /**
   * @param pool the pool to resize
   * @param reserved how many tasks are queued or running (Celery's {@code reserved_requests})
   * @param bounds max and min pool size
   * @param keepalive Celery's {@code AUTOSCALE_KEEPALIVE}
   * @param interval how often to look
   * @param onResize called after every resize (the worker updates the prefetch count)
   */
  public Autoscaler(
      WorkerPool pool,
      IntSupplier reserved,
      WorkerOptions.Autoscale bounds,
      Duration keepalive,
      Duration interval,
      Runnable onResize) {
    this.pool = pool;
    this.reserved = reserved;
    this.bounds = bounds;
    this.keepaliveNanos = keepalive.toNanos();
    this.interval = interval;
    this.onResize = onResize;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "Autoscaler");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts looking at the load every interval. */
  public void start() {
    long period = interval.toNanos();
    timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.NANOSECONDS);
  }

  private void tick() {
    try {
      maybeScale();
    } catch (RuntimeException e) {
      log.error("Autoscaler: scale failed: {}", e.toString(), e);
    }
  }

  /** One look at the load; returns true when the pool was resized. */
  synchronized boolean maybeScale() {
    int qty = reserved.getAsInt();
    int procs = pool.size();
    int wanted = Math.min(qty, bounds.max());
    if (wanted > procs) {
      log.info("Scaling up {} processes.", wanted - procs);
      lastScaleUp = System.nanoTime();
      scaledUp = true;
      pool.resize(wanted);
      onResize.run();
      return true;
    }
    wanted = Math.max(qty, bounds.min());
    if (wanted < procs && scaledUp && System.nanoTime() - lastScaleUp > keepaliveNanos) {
      log.info("Scaling down {} processes.", procs - wanted);
      pool.resize(wanted);
      onResize.run();
      return true;
    }
    return false;
  }

  /** Stops the autoscaler; the pool keeps its current size. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
