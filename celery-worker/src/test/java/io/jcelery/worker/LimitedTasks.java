package io.jcelery.worker;

/** Rate-limited test tasks, kept apart from {@link Tasks} so other tests see no limits. */
public final class LimitedTasks {

  /** Returns its argument, at most ten a second. */
  @CeleryTask(value = "tasks.limited", rateLimit = "10/s")
  public static int limited(int x) {
    return x;
  }

  /** Returns its argument, at most one an hour. */
  @CeleryTask(value = "tasks.hourly", rateLimit = "1/h")
  public static int hourly(int x) {
    return x;
  }

  /** Returns its argument, unlimited. */
  @CeleryTask(value = "tasks.echo")
  public static int echo(int x) {
    return x;
  }
}
