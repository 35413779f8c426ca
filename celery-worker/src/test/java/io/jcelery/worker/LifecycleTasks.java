package io.jcelery.worker;

/** Tasks whose executor is "lost": a {@link VirtualMachineError} escapes them. */
public final class LifecycleTasks {

  private LifecycleTasks() {}

  @CeleryTask(
      value = "lost.requeue",
      acksLate = CeleryTask.Flag.TRUE,
      rejectOnWorkerLost = CeleryTask.Flag.TRUE)
  public static void lostRequeue() {
    throw new StackOverflowError("simulated");
  }

  @CeleryTask(value = "lost.late", acksLate = CeleryTask.Flag.TRUE)
  public static void lostLate() {
    throw new OutOfMemoryError("simulated");
  }

  @CeleryTask("lost.early")
  public static void lostEarly() {
    throw new StackOverflowError("simulated");
  }

  @CeleryTask("defaults.limited")
  public static int limitedByDefault() {
    return 1;
  }

  @CeleryTask(value = "defaults.own", rateLimit = "5/m")
  public static int ownLimit() {
    return 1;
  }
}
