package io.jcelery.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The tasks the worker tests run. The gate and counters are reset before every test. */
public final class Tasks {

  /** Holds {@link #gated} tasks until opened. */
  public static volatile CountDownLatch gate = new CountDownLatch(1);

  public static final AtomicInteger RUNNING = new AtomicInteger();
  public static final AtomicInteger PEAK = new AtomicInteger();
  public static final AtomicInteger STARTED = new AtomicInteger();
  public static final AtomicReference<String> LAST_THREAD = new AtomicReference<>();

  public record Point(int x, int y) {}

  private Tasks() {}

  /** Resets the gate and counters. */
  public static void reset() {
    gate = new CountDownLatch(1);
    RUNNING.set(0);
    PEAK.set(0);
    STARTED.set(0);
    LAST_THREAD.set(null);
  }

  @CeleryTask("tasks.add")
  public static int add(int x, int y) {
    LAST_THREAD.set(Thread.currentThread().getName());
    return x + y;
  }

  @CeleryTask("tasks.fail")
  public static void fail(String message) {
    throw new IllegalArgumentException(message);
  }

  @CeleryTask("tasks.describe")
  public static Map<String, Object> describe(
      TaskContext context, List<Point> points, Map<String, Integer> counts, long[] numbers) {
    return Map.of(
        "id", context.id(),
        "points", points,
        "total", counts.values().stream().mapToInt(Integer::intValue).sum(),
        "numbers", numbers.length,
        "queue", context.deliveryInfo().routingKey());
  }

  /** Waits at the gate, then returns {@code value}. */
  @CeleryTask("tasks.gated")
  public static int gated(int value) throws InterruptedException {
    STARTED.incrementAndGet();
    PEAK.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      return value;
    } finally {
      RUNNING.decrementAndGet();
    }
  }

  /** As {@link #gated}, acknowledged late. */
  @CeleryTask(value = "tasks.gated_late", acksLate = CeleryTask.Flag.TRUE)
  public static int gatedLate(int value) throws InterruptedException {
    return gated(value);
  }
}
