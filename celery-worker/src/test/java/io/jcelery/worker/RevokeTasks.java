package io.jcelery.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tasks of the revocation tests. */
public final class RevokeTasks {

  /** The ids of the tasks that ran (started). */
  public static final List<String> STARTED = new CopyOnWriteArrayList<>();

  /** Released by the tests to let blocking tasks return. */
  public static volatile CountDownLatch gate = new CountDownLatch(1);

  /** Set by tests when done, so that stubborn tasks finally return. */
  public static volatile boolean released;

  private RevokeTasks() {}

  static void reset() {
    STARTED.clear();
    gate = new CountDownLatch(1);
    released = false;
  }

  @CeleryTask("revoke.record")
  public static String record(TaskContext ctx) {
    STARTED.add(ctx.id());
    return "ran";
  }

  /** Blocks until the gate opens (returns early when interrupted). */
  @CeleryTask("revoke.block")
  public static String block(TaskContext ctx) throws InterruptedException {
    STARTED.add(ctx.id());
    gate.await(30, TimeUnit.SECONDS);
    return "unblocked";
  }

  /** Ignores interrupts until released: only termination frees its slot. */
  @CeleryTask("revoke.stubborn")
  public static String stubborn(TaskContext ctx) {
    STARTED.add(ctx.id());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!released && System.nanoTime() < end) {
      Thread.onSpinWait();
      Thread.interrupted();
    }
    return "late";
  }

  /** Revokes the given ids through the context, as the interop sample does. */
  @CeleryTask("revoke.revoke")
  public static List<String> revoke(TaskContext ctx, List<String> ids, boolean terminate) {
    return List.copyOf(ctx.worker().revoke(ids, terminate));
  }
}
