package io.jcelery.worker.execute;

import io.jcelery.worker.Retry;
import io.jcelery.worker.RetryOptions;
import io.jcelery.worker.RetryPolicy;
import io.jcelery.worker.SoftTimeLimitExceeded;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;
import java.time.Duration;

/**
 * Calls one task: binds its arguments, invokes the method handle and turns the return value or
 * whatever was thrown into an {@link Outcome} (celery {@code celery/app/trace.py}, {@code
 * trace_task}). Nothing escapes it. An {@link InterruptedException} escaping after the soft time
 * limit becomes {@link SoftTimeLimitExceeded}. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class TaskInvoker {

  /** Runs the task in the calling thread. */
  public Outcome invoke(TaskRequest request, RegisteredTask task) {
    long start = System.nanoTime();
    request.retryPolicy(task.retryPolicy());
    try {
      Object[] arguments = task.bind(request.context(), request.args(), request.kwargs());
      Object value = task.invoke(arguments);
      return new Outcome.Succeeded(value, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      // The interrupt was the soft time limit's (billiard raises SoftTimeLimitExceeded in the
      // task); a task that let it escape is reported as Celery reports it.
      Throwable error = e;
      String message = request.takeSoftTimeLimit();
      if (message != null || request.softTimeLimitReached()) {
        error = new SoftTimeLimitExceeded(message != null ? message : "Soft time limit exceeded");
        error.initCause(e);
      }
      return new Outcome.Failed(error, Duration.ofNanos(System.nanoTime() - start));
    } catch (Retry retry) {
      return new Outcome.Retried(retry, Duration.ofNanos(System.nanoTime() - start));
    } catch (Throwable e) {
      // Celery catches Exception and lets BaseException through; a Java task's Errors
      // (StackOverflowError, AssertionError, ...) are task failures too.
      if (task.retryPolicy().autoretries(e)) {
        return autoretry(request, task.retryPolicy(), e, start);
      }
      return new Outcome.Failed(e, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Celery's {@code autoretry_for} wrapper: retries with the exception, with the backoff countdown
   * when the task has one; exhausted retries fail with the exception itself.
   */
  private static Outcome autoretry(
      TaskRequest request, RetryPolicy policy, Throwable error, long start) {
    RetryOptions.Builder options = RetryOptions.builder().exc(error);
    Duration countdown = policy.autoretryCountdown(request.headers().retries());
    if (countdown != null) {
      options.countdown(countdown);
    }
    try {
      Retry retry = request.context().retry(options.build());
      return new Outcome.Retried(retry, Duration.ofNanos(System.nanoTime() - start));
    } catch (Throwable exhausted) {
      return new Outcome.Failed(exhausted, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
