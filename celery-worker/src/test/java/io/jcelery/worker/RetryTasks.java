package io.jcelery.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Retrying tasks of the worker tests; each run records its {@link TaskContext}'s retries. */
public final class RetryTasks {

  /** The {@code retries} of every run, in order. */
  public static final List<Integer> RUNS = new CopyOnWriteArrayList<>();

  private RetryTasks() {}

  public static void reset() {
    RUNS.clear();
  }

  @CeleryTask(value = "retry.twice", maxRetries = 5)
  public static int twice(TaskContext ctx) {
    RUNS.add(ctx.retries());
    if (ctx.retries() < 2) {
      throw ctx.retry(RetryOptions.builder().countdown(Duration.ofMillis(50)).build());
    }
    return ctx.retries();
  }

  @CeleryTask(value = "retry.checked", maxRetries = 1, defaultRetryDelay = 0.05)
  public static void checked(TaskContext ctx) {
    RUNS.add(ctx.retries());
    throw ctx.retry(new IOException("disk on fire"));
  }

  @CeleryTask(value = "retry.plain", maxRetries = 0)
  public static void plain(TaskContext ctx, int x) {
    RUNS.add(ctx.retries());
    throw ctx.retry();
  }

  @CeleryTask(
      value = "retry.auto",
      autoretryFor = IllegalStateException.class,
      maxRetries = 2,
      defaultRetryDelay = 0.05)
  public static void auto(TaskContext ctx) {
    RUNS.add(ctx.retries());
    throw new IllegalStateException("attempt " + ctx.retries());
  }

  @CeleryTask(
      value = "retry.late",
      acksLate = CeleryTask.Flag.TRUE,
      maxRetries = 1,
      defaultRetryDelay = 0.05)
  public static String late(TaskContext ctx) {
    RUNS.add(ctx.retries());
    if (ctx.retries() == 0) {
      throw ctx.retry();
    }
    return "done";
  }

  @CeleryTask(value = "retry.not_auto", autoretryFor = IllegalStateException.class)
  public static void notAuto(TaskContext ctx) {
    RUNS.add(ctx.retries());
    throw new IllegalArgumentException("not retried");
  }
}
