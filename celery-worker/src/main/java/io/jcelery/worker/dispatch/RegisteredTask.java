package io.jcelery.worker.dispatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.worker.RetryPolicy;
import io.jcelery.worker.TaskContext;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

/**
 * A task the worker can run: its name, its effective options and the method handle that calls it
 * (Celery's registered {@code Task}). Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class RegisteredTask {

  private final String name;
  private final Method method;
  private final MethodHandle invoker;
  private final ArgumentBinder binder;
  private final boolean acksLate;
  private final boolean ignoreResult;
  private final boolean trackStarted;
  private final boolean rejectOnWorkerLost;
  private final RateLimit rateLimit;
  private final RetryPolicy retryPolicy;

  RegisteredTask(
      String name,
      Method method,
      MethodHandle invoker,
      ArgumentBinder binder,
      boolean acksLate,
      boolean ignoreResult,
      boolean trackStarted,
      boolean rejectOnWorkerLost,
      RateLimit rateLimit,
      RetryPolicy retryPolicy) {
    this.name = name;
    this.method = method;
    this.invoker = invoker;
    this.binder = binder;
    this.acksLate = acksLate;
    this.ignoreResult = ignoreResult;
    this.trackStarted = trackStarted;
    this.rejectOnWorkerLost = rejectOnWorkerLost;
    this.rateLimit = rateLimit;
    this.retryPolicy = retryPolicy;
  }

  /** The registered name, e.g. {@code tasks.add}. */
  public String name() {
    return name;
  }

  /** The Java method, for messages; never called reflectively. */
  public Method method() {
    return method;
  }

  /** {@code Class.method}, fully qualified. */
  public String location() {
    return method.getDeclaringClass().getName() + "." + method.getName();
  }

  /** Acknowledge after the task ran ({@code acks_late}). */
  public boolean acksLate() {
    return acksLate;
  }

  /** Store no result ({@code ignore_result}). */
  public boolean ignoreResult() {
    return ignoreResult;
  }

  /** Store STARTED before running ({@code track_started}). */
  public boolean trackStarted() {
    return trackStarted;
  }

  /**
   * Whether a late-ack message goes back to the queue when the task's executor is lost ({@code
   * reject_on_worker_lost}).
   */
  public boolean rejectOnWorkerLost() {
    return rejectOnWorkerLost;
  }

  /** The task type's rate limit ({@code rate_limit}); {@link RateLimit#NONE} when unlimited. */
  public RateLimit rateLimit() {
    return rateLimit;
  }

  /**
   * The method's arguments for a call.
   *
   * @throws ArgumentBindingException when args and kwargs do not fit the parameters
   */
  /** Its retry settings ({@code max_retries}, {@code autoretry_for}, backoff). */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  public Object[] bind(TaskContext context, ArrayNode args, ObjectNode kwargs) {
    return binder.bind(context, args, kwargs);
  }

  /**
   * Calls the task method.
   *
   * @param arguments from {@link #bind}
   * @return the return value, boxed; null for void methods
   * @throws Throwable whatever the task throws, unwrapped
   */
  public Object invoke(Object[] arguments) throws Throwable {
    return (Object) invoker.invokeExact(arguments);
  }

  @Override
  public String toString() {
    return name + " (" + location() + ")";
  }
}
