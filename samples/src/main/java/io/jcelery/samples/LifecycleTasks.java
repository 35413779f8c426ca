package io.jcelery.samples;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.CeleryTask.Flag;
import io.jcelery.worker.SoftTimeLimitExceeded;
import io.jcelery.worker.TaskContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Tasks of the life-cycle interop tests: acks, results, time limits. */
public final class LifecycleTasks {

  private static final Set<String> LOST_ONCE = ConcurrentHashMap.newKeySet();

  private LifecycleTasks() {}

  /** Sleeps; stores STARTED first (track_started). */
  @CeleryTask(value = "life.started", trackStarted = Flag.TRUE)
  public static double started(double seconds) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
    return seconds;
  }

  /** Stores no result (ignore_result). */
  @CeleryTask(value = "life.ignored", ignoreResult = Flag.TRUE)
  public static int ignored(int x) {
    return x;
  }

  /** Fails; acknowledged late. */
  @CeleryTask(value = "life.fail_late", acksLate = Flag.TRUE)
  public static void failLate(String message) {
    throw new IllegalArgumentException(message);
  }

  /** Overflows its stack the first time it runs for {@code key}; then returns "recovered". */
  @CeleryTask(value = "life.lost_once", acksLate = Flag.TRUE, rejectOnWorkerLost = Flag.TRUE)
  public static String lostOnce(String key) {
    if (LOST_ONCE.add(key)) {
      return String.valueOf(recurse(0));
    }
    return "recovered";
  }

  /** Overflows its stack; acknowledged late, without reject_on_worker_lost. */
  @CeleryTask(value = "life.lost", acksLate = Flag.TRUE)
  public static long lost() {
    return recurse(0);
  }

  /** Runs for {@code seconds} ignoring interrupts: only a hard time limit stops it early. */
  @CeleryTask(value = "life.stubborn", trackStarted = Flag.TRUE)
  public static double stubborn(double seconds) {
    return ignoreInterrupts(seconds);
  }

  /** As {@link #stubborn}, acknowledged late: what happens to its message at the hard limit. */
  @CeleryTask(value = "life.stubborn_late", acksLate = Flag.TRUE)
  public static double stubbornLate(double seconds) {
    return ignoreInterrupts(seconds);
  }

  /** As {@link #stubborn}, with its own hard limit of 0.5 s. */
  @CeleryTask(value = "life.annotated_limit", timeLimit = 0.5, trackStarted = Flag.TRUE)
  public static double annotatedLimit(double seconds) {
    return ignoreInterrupts(seconds);
  }

  /** Catches its soft time limit and returns "cleaned up" instead. */
  @CeleryTask("life.soft_catch")
  public static String softCatch(TaskContext ctx, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      try {
        ctx.checkSoftTimeLimit();
      } catch (SoftTimeLimitExceeded e) {
        return "cleaned up";
      }
    }
    return "no soft limit";
  }

  /** Runs for {@code seconds}, ignoring interrupts. */
  static double ignoreInterrupts(double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // returns at once when interrupted
      Thread.interrupted();
    }
    return seconds;
  }

  private static long recurse(long depth) {
    return recurse(depth + 1) + 1;
  }
}
