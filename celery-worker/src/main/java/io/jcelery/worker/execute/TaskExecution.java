package io.jcelery.worker.execute;

import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests on the pool: accept, invoke, report. Counts the reserved requests (queued or
 * running; Celery's {@code state.reserved_requests}) that the autoscaler sizes the pool by. After
 * {@link #stop()} a job that has not started yet is skipped and its message left unsettled, so a
 * warm shutdown finishes only what is running. Thread-safe.
 *
 * @since 0.1
 */
public final class TaskExecution {

  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

  private final WorkerPool pool;
  private final TaskInvoker invoker;
  private final ExecutionListener listener;
  private final AtomicInteger reserved = new AtomicInteger();
  private volatile boolean stopping;

  public TaskExecution(WorkerPool pool, TaskInvoker invoker, ExecutionListener listener) {
    this.pool = pool;
    this.invoker = invoker;
    this.listener = listener;
  }

  /** Queues the request on the pool; with the solo pool it runs before this returns. */
  public void submit(TaskRequest request, RegisteredTask task) {
    reserved.incrementAndGet();
    try {
      pool.execute(() -> run(request, task));
    } catch (RuntimeException e) {
      reserved.decrementAndGet();
      if (stopping) {
        log.debug("Not running {}: the worker is shutting down", request);
        return;
      }
      throw e;
    }
  }

  private void run(TaskRequest request, RegisteredTask task) {
    try {
      if (stopping) {
        return; // left unsettled: the broker gets it back when the transport closes
      }
      listener.onAccepted(request, task);
      Outcome outcome = invoker.invoke(request, task);
      listener.onOutcome(request, task, outcome);
    } catch (RuntimeException e) {
      log.error("Task handler raised error: {}", e.toString(), e);
    } finally {
      reserved.decrementAndGet();
    }
  }

  /** Requests queued or running. */
  public int reserved() {
    return reserved.get();
  }

  /** The pool the requests run on. */
  public WorkerPool pool() {
    return pool;
  }

  /** Skips jobs that have not started yet; running ones finish. */
  public void stop() {
    stopping = true;
  }
}
