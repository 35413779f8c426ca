package io.jcelery.worker;

/** A task with a malformed rate limit; registering it must fail. */
public final class BadRateTasks {

  /** Never runs. */
  @CeleryTask(value = "tasks.bad_rate", rateLimit = "10/x")
  public static void run() {}
}
