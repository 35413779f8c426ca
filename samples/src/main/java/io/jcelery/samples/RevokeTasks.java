package io.jcelery.samples;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.TaskContext;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tasks of the revocation interop tests. Until jcelery listens to Celery's broadcast channel, a
 * Python producer revokes through {@code revoke.revoke}, which calls the worker's Java API.
 */
public final class RevokeTasks {

  private RevokeTasks() {}

  /** Revokes {@code ids} on the worker running this task; returns the ids terminated. */
  @CeleryTask("revoke.revoke")
  public static List<String> revoke(TaskContext ctx, List<String> ids, boolean terminate) {
    return List.copyOf(ctx.worker().revoke(ids, terminate));
  }

  /**
   * Spins for {@code seconds}, ignoring interrupts: only termination frees its slot. Stores
   * STARTED, so that a producer sees it run.
   */
  @CeleryTask(value = "revoke.stubborn", trackStarted = CeleryTask.Flag.TRUE)
  public static double stubborn(double seconds) {
    return LifecycleTasks.ignoreInterrupts(seconds);
  }

  /** Sleeps for {@code seconds}. */
  @CeleryTask("revoke.sleep")
  public static double sleep(double seconds) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
    return seconds;
  }
}
