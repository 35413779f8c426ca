package io.jcelery.samples;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.RetryOptions;
import io.jcelery.worker.TaskContext;
import java.time.Duration;

/**
 * Retrying tasks, defined exactly as their Python twins in {@code interop/jc_interop/retrytasks.py}
 * so that the interop suite can compare a Java and a Python worker state by state.
 */
public final class RetryTasks {

  private RetryTasks() {}

  /** Retries {@code times} times without an exception, then returns how often it was retried. */
  @CeleryTask(value = "retry.countdown", maxRetries = 5)
  public static int countdown(TaskContext ctx, int times) {
    if (ctx.retries() < times) {
      throw ctx.retry(RetryOptions.builder().countdown(Duration.ofMillis(200)).build());
    }
    return ctx.retries();
  }

  /** Always retries with an exception: fails with it once the 2 retries are used up. */
  @CeleryTask(value = "retry.exhaust", maxRetries = 2)
  public static void exhaust(TaskContext ctx, String message) {
    throw ctx.retry(
        RetryOptions.builder()
            .exc(new IllegalArgumentException(message))
            .countdown(Duration.ofMillis(200))
            .build());
  }

  /** Always retries without an exception: fails with MaxRetriesExceededError. */
  @CeleryTask(value = "retry.exhaust_plain", maxRetries = 1, defaultRetryDelay = 0.2)
  public static void exhaustPlain(TaskContext ctx, int x) {
    throw ctx.retry();
  }

  /** Throws until the {@code succeedAt}-th retry; retried automatically after 1, 2, 2 s. */
  @CeleryTask(
      value = "retry.autoretry",
      autoretryFor = IllegalArgumentException.class,
      retryBackoff = 1,
      retryBackoffMax = 2,
      retryJitter = false,
      maxRetries = 3)
  public static String autoretry(TaskContext ctx, int succeedAt) {
    if (ctx.retries() < succeedAt) {
      throw new IllegalArgumentException("attempt " + ctx.retries());
    }
    return "ok";
  }
}
