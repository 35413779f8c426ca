package io.jcelery.worker.execute;

import io.jcelery.worker.decode.TaskRequest;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running task: watches its soft and hard deadlines on the shared timer (Celery's billiard
 * pool timeout handler, {@code celery/worker/request.py} {@code on_timeout}) and can be terminated
 * ({@code Request.terminate}, revoke with {@code terminate=True}). Exactly one of the task's
 * return ({@link #finish()}), the hard deadline and {@link #terminate} wins; the other sides then
 * do nothing but give back the abandoned thread. All transitions happen under this object's lock,
 * so the task thread is never interrupted after it finished.
 */
final class RunningTask {

  private static final Logger log = LoggerFactory.getLogger(RunningTask.class);

  private enum State {
    RUNNING,
    FINISHED,
    /** Stopped by its hard time limit or terminated: the thread is abandoned. */
    ABANDONED
  }

  private final TaskRequest request;
  private final TimeLimits limits;
  private final Thread thread;
  private final WorkerPool pool;
  private final Runnable onHardLimit;
  private State state = State.RUNNING;
  private boolean interrupted;
  private Runnable onLateReturn = () -> {};
  private ScheduledFuture<?> soft;
  private ScheduledFuture<?> hard;

  private RunningTask(
      TaskRequest request,
      TimeLimits limits,
      Thread thread,
      WorkerPool pool,
      Runnable onHardLimit) {
    this.request = request;
    this.limits = limits;
    this.thread = thread;
    this.pool = pool;
    this.onHardLimit = onHardLimit;
  }

  /**
   * Starts watching the calling thread. With {@link TimeLimits#none()} nothing is scheduled; the
   * task can still be {@linkplain #terminate terminated}.
   *
   * @param onHardLimit run on the timer thread once the hard deadline won, after the slot was
   *     freed; it must return quickly, since every task's deadlines share that thread
   */
  static RunningTask start(
      ScheduledExecutorService timer,
      TaskRequest request,
      TimeLimits limits,
      WorkerPool pool,
      Runnable onHardLimit) {
    RunningTask watch =
        new RunningTask(request, limits, Thread.currentThread(), pool, onHardLimit);
    synchronized (watch) {
      if (limits.soft() > 0) {
        watch.soft = timer.schedule(watch::softLimit, nanos(limits.soft()), TimeUnit.NANOSECONDS);
      }
      if (limits.hard() > 0) {
        watch.hard = timer.schedule(watch::hardLimit, nanos(limits.hard()), TimeUnit.NANOSECONDS);
      }
    }
    return watch;
  }

  /**
   * The task returned. Returns true when it did so in time; false when the hard limit had already
   * failed it, in which case its result must be ignored and {@link #lateReturn()} run. Clears the
   * interrupt this watch may have left on the thread.
   */
  synchronized boolean finish() {
    if (interrupted) {
      Thread.interrupted();
    }
    if (state != State.RUNNING) {
      return false;
    }
    state = State.FINISHED;
    cancel(soft);
    cancel(hard);
    return true;
  }

  /** Gives the abandoned thread back to the pool; for a task that returned after its hard limit. */
  synchronized Runnable lateReturn() {
    return onLateReturn;
  }

  private void softLimit() {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      request.softTimeLimitReached(
          "Soft time limit (" + TimeLimits.pythonNumber(limits.soft()) + "s) exceeded");
      interrupted = true;
      thread.interrupt();
    }
    log.warn(
        "Soft time limit ({}s) exceeded for {}[{}]",
        TimeLimits.pythonNumber(limits.soft()),
        request.name(),
        request.id());
  }

  private void hardLimit() {
    synchronized (this) {
      if (!abandon()) {
        return;
      }
    }
    try {
      onHardLimit.run();
    } catch (RuntimeException e) {
      log.error("Handling the hard time limit of {} failed: {}", request, e.toString(), e);
    }
  }

  /**
   * Stops the task now, as its hard limit would, unless it already finished: its thread is
   * interrupted and abandoned, the pool gets a slot in its place, then {@code onTerminated} runs
   * on the calling thread.
   *
   * @return whether the task was running and is now terminated
   */
  boolean terminate(Runnable onTerminated) {
    synchronized (this) {
      if (!abandon()) {
        return false;
      }
    }
    onTerminated.run();
    return true;
  }

  /** Under the lock: RUNNING → ABANDONED, interrupting the thread and freeing its slot. */
  private boolean abandon() {
    if (state != State.RUNNING) {
      return false;
    }
    state = State.ABANDONED;
    cancel(soft);
    cancel(hard);
    // Celery kills the child process and starts another; a thread cannot be killed, so it is
    // interrupted and forgotten while the pool gets a slot in its place.
    interrupted = true;
    thread.interrupt();
    onLateReturn = pool.abandon();
    return true;
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  private static long nanos(double seconds) {
    return (long) Math.ceil(seconds * 1e9);
  }
}
