package io.jcelery.samples;

import io.jcelery.worker.CeleryTask;
import java.util.concurrent.TimeUnit;

/** The benchmark's tasks, twins of {@code bench/benchtasks.py}: same names, same results. */
public final class BenchTasks {

  private BenchTasks() {}

  /** Does nothing: measures the worker's own cost per task. */
  @CeleryTask("bench.noop")
  public static void noop() {}

  /** Sleeps: measures concurrency. */
  @CeleryTask("bench.sleep")
  public static void sleep(double seconds) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
  }

  /** Returns the length of a large argument: measures decoding. */
  @CeleryTask("bench.payload")
  public static int payload(String data) {
    return data.length();
  }
}
