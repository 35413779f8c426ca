package io.jcelery.worker.execute;

import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;
import io.jcelery.worker.dispatch.Revoked;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests on the pool: accept, invoke, report. Counts the reserved requests (queued or
 * running; Celery's {@code state.reserved_requests}) that the autoscaler sizes the pool by. After
 * {@link #stop()} a job that has not started yet is skipped and its message left unsettled, so a
 * warm shutdown finishes only what is running.
 *
 * <p>Time limits ({@link TimeLimits}) are watched on one timer thread for all tasks. At the soft
 * deadline the task's thread is interrupted and {@link
 * io.jcelery.worker.TaskContext#checkSoftTimeLimit()} throws. At the hard deadline the task's
 * thread is interrupted and abandoned, the pool gets a slot in its place ({@link
 * WorkerPool#abandon()}), and the task is reported failed with {@link TimeLimitExceeded} on a
 * reporter thread, so that a slow result backend delays no other task's deadline (Celery reports
 * in the main process, {@code Request.on_timeout}). Whatever the abandoned task returns later is
 * ignored. A request being reported still counts as {@linkplain #reserved() reserved}, so {@link
 * #awaitIdle} waits for its result to be stored and its message settled. A report that goes on
 * after the pool thread is free ({@link ExecutionListener#onOutcome} returns an incomplete stage)
 * no longer counts as reserved, but {@link #awaitIdle} still waits for it. Thread-safe.
 *
 * @since 0.1
 */
public final class TaskExecution {

  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

  private final WorkerPool pool;
  private final TaskInvoker invoker;
  private final ExecutionListener listener;
  private final TimeLimits defaults;
  private final ScheduledExecutorService timer;
  private final ExecutorService reporter;
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger reporting = new AtomicInteger();
  private final Object idle = new Object();
  private final Revoked revoked;
  private final Map<TaskRequest, Active> running = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /** Without app-wide time limits (tasks and messages may still set them). */
  public TaskExecution(WorkerPool pool, TaskInvoker invoker, ExecutionListener listener) {
    this(pool, invoker, listener, TimeLimits.NONE);
  }

  /**
   * @param defaults the app-wide limits, {@code task_time_limit} and {@code task_soft_time_limit}
   */
  public TaskExecution(
      WorkerPool pool, TaskInvoker invoker, ExecutionListener listener, TimeLimits defaults) {
    this(pool, invoker, listener, defaults, Revoked.fromEnvironment(Map.of()));
  }

  /**
   * @param defaults the app-wide limits, {@code task_time_limit} and {@code task_soft_time_limit}
   * @param revoked the worker's revoked ids: a revoked request is discarded when its turn comes
   */
  public TaskExecution(
      WorkerPool pool,
      TaskInvoker invoker,
      ExecutionListener listener,
      TimeLimits defaults,
      Revoked revoked) {
    this.revoked = revoked;
    this.pool = pool;
    this.invoker = invoker;
    this.listener = listener;
    this.defaults = defaults;
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "TimeLimitTimer");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = Executors.unconfigurableScheduledExecutorService(scheduler);
    AtomicInteger reporters = new AtomicInteger();
    this.reporter =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "TimeLimitReport-" + reporters.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues the request on the pool; with the solo pool it runs before this returns. */
  public void submit(TaskRequest request, RegisteredTask task) {
    reserved.incrementAndGet();
    Job job = new Job(request, task);
    try {
      pool.execute(job::accept, job::run);
    } catch (RuntimeException e) {
      release();
      if (stopping) {
        log.debug("Not running {}: the worker is shutting down", request);
        return;
      }
      throw e;
    }
  }

  /**
   * One request on the pool: accepted once it has a slot (where the pool says), then run on its
   * thread. The thread starts after {@link #accept()} returns, which makes its fields visible.
   */
  private final class Job {
    private final TaskRequest request;
    private final RegisteredTask task;
    private boolean accepted;
    private CompletionStage<?> reported;

    Job(TaskRequest request, RegisteredTask task) {
      this.request = request;
      this.task = task;
    }

    /** Skips the request after {@link #stop()} or when revoked; otherwise accepts it. */
    void accept() {
      try {
        if (stopping) {
          return; // left unsettled: the broker gets it back when the transport closes
        }
        if (revoked.contains(request.id())) {
          // Celery's execute_using_pool: a request revoked while it waited is not run.
          log.info("Discarding revoked task: {}[{}]", request.name(), request.id());
          reported =
              listener.onOutcome(request, task, new Outcome.Revoked("revoked", Duration.ZERO));
          return;
        }
        listener.onAccepted(request, task);
        accepted = true;
      } catch (RuntimeException e) {
        log.error("Task handler raised error: {}", e.toString(), e);
      }
    }

    void run() {
      if (!accepted) {
        release(reported);
        return;
      }
      boolean abandoned = false;
      CompletionStage<?> outcomeReported = null;
      try {
        TimeLimits limits = defaults.resolve(request, task);
        long start = System.nanoTime();
        RunningTask watch =
            RunningTask.start(
                timer, request, limits, pool, () -> reportHardLimit(request, task, limits, start));
        running.put(request, new Active(task, watch));
        Outcome outcome;
        try {
          outcome = invoker.invoke(request, task);
        } finally {
          abandoned = !watch.finish();
          running.remove(request);
        }
        if (abandoned) {
          log.debug("Ignoring the late return of {}: it was stopped before", request);
          watch.lateReturn().run();
          return;
        }
        outcomeReported = listener.onOutcome(request, task, outcome);
      } catch (RuntimeException e) {
        log.error("Task handler raised error: {}", e.toString(), e);
      } finally {
        if (!abandoned) {
          release(outcomeReported);
        }
      }
    }
  }

  /**
   * Terminates the running task(s) with this id (Celery's {@code Request.terminate}): each is
   * stopped as by a hard time limit and reported {@link Outcome.Revoked} ({@code "terminated"}).
   *
   * @return whether a running task was terminated
   */
  public boolean terminate(String taskId) {
    boolean any = false;
    for (Map.Entry<TaskRequest, Active> entry : running.entrySet()) {
      TaskRequest request = entry.getKey();
      if (request.id().equals(taskId)) {
        Active active = entry.getValue();
        any |=
            active.watch.terminate(
                () -> {
                  CompletionStage<?> reported = null;
                  try {
                    reported =
                        listener.onOutcome(
                            request, active.task, new Outcome.Revoked("terminated", Duration.ZERO));
                  } finally {
                    release(reported);
                  }
                });
      }
    }
    return any;
  }

  /** A running request's task and watch. */
  private record Active(RegisteredTask task, RunningTask watch) {}

  /** On the timer thread, once the pool has a slot in place of the abandoned task's. */
  private void reportHardLimit(
      TaskRequest request, RegisteredTask task, TimeLimits limits, long start) {
    try {
      reporter.execute(() -> hardLimit(request, task, limits, start));
    } catch (RejectedExecutionException e) {
      release();
      log.error("Not reporting the hard time limit of {}: the worker stopped", request);
    }
  }

  private void hardLimit(TaskRequest request, RegisteredTask task, TimeLimits limits, long start) {
    CompletionStage<?> reported = null;
    try {
      log.error(
          "Hard time limit ({}s) exceeded for {}[{}]",
          TimeLimits.pythonNumber(limits.hard()),
          request.name(),
          request.id());
      reported =
          listener.onOutcome(
              request,
              task,
              new Outcome.Failed(
                  new TimeLimitExceeded(limits.hard()), Duration.ofNanos(System.nanoTime() - start)));
    } catch (RuntimeException e) {
      log.error("Handling the hard time limit of {} failed: {}", request, e.toString(), e);
    } finally {
      release(reported);
    }
  }

  /**
   * One reserved request is done with its thread: ran, skipped, or reported after its hard limit.
   * A report still under way ({@code reported} not complete) is counted until it completes.
   */
  private void release(CompletionStage<?> reported) {
    if (reported != null && !reported.toCompletableFuture().isDone()) {
      reporting.incrementAndGet();
      reported.whenComplete(
          (ignored, error) -> {
            if (reporting.decrementAndGet() == 0) {
              wakeIdleWaiters();
            }
          });
    }
    release();
  }

  private void release() {
    if (reserved.decrementAndGet() == 0) {
      wakeIdleWaiters();
    }
  }

  private void wakeIdleWaiters() {
    synchronized (idle) {
      idle.notifyAll();
    }
  }

  /** The requests running now (a snapshot). */
  public List<TaskRequest> running() {
    return List.copyOf(running.keySet());
  }

  /** Requests queued or running. */
  public int reserved() {
    return reserved.get();
  }

  /**
   * Waits until no request is reserved and no report is under way: every one has run and been
   * reported, or was skipped after {@link #stop()}. Threads abandoned after a hard time limit or
   * terminate are not waited for.
   *
   * @return true when idle, false when the timeout passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (reserved.get() > 0 || reporting.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /** The pool the requests run on. */
  public WorkerPool pool() {
    return pool;
  }

  /** Skips jobs that have not started yet; running ones finish (and their limits stay watched). */
  public void stop() {
    stopping = true;
  }

  /** Stops watching time limits; call once {@linkplain #awaitIdle idle}. */
  public void close() {
    timer.shutdownNow();
    reporter.shutdown();
  }
}
