package io.jcelery.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Tasks with time limits, kept apart from {@link Tasks} so other tests see no limits. */
public final class TimeLimitTasks {

  /** Set by tests when done, so that stubborn tasks finally return. */
  public static volatile boolean released;

  /** How many stubborn tasks returned (after being released). */
  public static final AtomicInteger RETURNED = new AtomicInteger();

  /** Counted down by each {@link #rendezvous()}; sized by the test. */
  public static volatile CountDownLatch meeting = new CountDownLatch(0);

  static void reset(int rendezvous) {
    released = false;
    RETURNED.set(0);
    meeting = new CountDownLatch(rendezvous);
  }

  /** Ignores interrupts until released: only the hard limit can stop it. */
  @CeleryTask(value = "tasks.stubborn", timeLimit = 0.5)
  public static String stubborn() {
    return ignoreInterrupts();
  }

  /** Like {@link #stubborn()}, acknowledged late. */
  @CeleryTask(value = "tasks.stubborn_late", timeLimit = 0.5, acksLate = CeleryTask.Flag.TRUE)
  public static String stubbornLate() {
    return ignoreInterrupts();
  }

  /** A generous annotation limit that a message header can shorten. */
  @CeleryTask(value = "tasks.stubborn_long", timeLimit = 30, softTimeLimit = 30)
  public static String stubbornLong(TaskContext context) {
    return ignoreInterrupts();
  }

  /** No limits of its own: only the app's {@code task_time_limit} stops it. */
  @CeleryTask("tasks.stubborn_plain")
  public static String stubbornPlain() {
    return ignoreInterrupts();
  }

  /** Waits until as many rendezvous tasks as the latch counts run at the same time. */
  @CeleryTask("tasks.rendezvous")
  public static boolean rendezvous() throws InterruptedException {
    meeting.countDown();
    return meeting.await(5, TimeUnit.SECONDS);
  }

  /** Catches its soft time limit and returns a value instead. */
  @CeleryTask(value = "tasks.soft_catch", softTimeLimit = 0.2)
  public static String softCatch(TaskContext context) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      try {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        context.checkSoftTimeLimit();
      } catch (SoftTimeLimitExceeded e) {
        return "cleaned up";
      }
    }
    return "never stopped";
  }

  /** Blocks; lets the soft limit's InterruptedException escape. */
  @CeleryTask(value = "tasks.soft_sleep", softTimeLimit = 0.2)
  public static String softSleep() throws InterruptedException {
    new CountDownLatch(1).await(10, TimeUnit.SECONDS);
    return "never stopped";
  }

  private static String ignoreInterrupts() {
    while (!released) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // returns at once when interrupted
      Thread.interrupted();
    }
    RETURNED.incrementAndGet();
    return "late";
  }
}
