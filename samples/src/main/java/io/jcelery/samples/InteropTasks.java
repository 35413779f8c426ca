package io.jcelery.samples;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.TaskContext;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The Java tasks that the Python side of the interop tests ({@code interop/tests}) calls. */
public final class InteropTasks {

  @CeleryTask("java.add")
  public static long add(long x, long y) {
    return x + y;
  }

  /** Returns {@code value}; at most ten start per second on each worker (Celery's rate_limit). */
  @CeleryTask(value = "java.limited", rateLimit = "10/s")
  public static Object limited(Object value) {
    return value;
  }

  @CeleryTask("java.echo")
  public static Object echo(Object value) {
    return value;
  }

  @CeleryTask("java.length")
  public static int length(String text) {
    return text.length();
  }

  /** Binds kombu's JSON forms of datetime, UUID and Decimal to Java types and returns new ones. */
  @CeleryTask("java.types")
  public static Map<String, Object> types(OffsetDateTime when, UUID id, BigDecimal amount) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("next_day", when.plusDays(1));
    out.put("uuid", id);
    out.put("doubled", amount.multiply(BigDecimal.valueOf(2)));
    return out;
  }

  @CeleryTask("java.next_day")
  public static OffsetDateTime nextDay(OffsetDateTime when) {
    return when.plusDays(1);
  }

  @CeleryTask("java.fail")
  public static void fail(String message) {
    throw new IllegalArgumentException(message);
  }

  /** Sleeps, then returns {@code value}; acknowledged when it starts (Celery's default). */
  @CeleryTask("java.slow")
  public static int slow(int value, long millis) throws InterruptedException {
    Thread.sleep(millis);
    return value;
  }

  /** Sleeps, then returns {@code value}; acknowledged only after it ran (acks_late). */
  @CeleryTask(value = "java.slow_late", acksLate = CeleryTask.Flag.TRUE)
  public static int slowLate(int value, long millis) throws InterruptedException {
    Thread.sleep(millis);
    return value;
  }

  /** The name of the thread the task runs on: tells the pool kind apart. */
  @CeleryTask("java.thread")
  public static String thread() {
    return Thread.currentThread().toString();
  }

  /** Returns what the worker knows about the request. */
  @CeleryTask("java.whoami")
  public static Map<String, Object> whoami(TaskContext context) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", context.id());
    out.put("task", context.taskName());
    out.put("retries", context.retries());
    out.put("hostname", context.hostname());
    return out;
  }

  private InteropTasks() {}
}
