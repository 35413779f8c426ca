package io.jcelery.worker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a Celery task (Python's {@code @app.task}). The method may be static,
 * or an instance method of a public class with a public no-argument constructor; the worker
 * creates one instance per class when it starts and calls it from many threads, so instance
 * methods must be thread-safe.
 *
 * <p>Arguments bind as Python binds them: message {@code args} fill the parameters by position,
 * {@code kwargs} by parameter name (classes must be compiled with {@code -parameters}). Each value
 * is converted to the declared generic type (primitives, boxed types, {@code String}, lists, maps,
 * arrays, records, POJOs); a parameter of type {@link TaskContext} receives the request instead.
 * An {@code Optional} parameter may be left out. Missing, extra or unconvertible arguments make
 * the task fail with Python's {@code TypeError}. The return value is stored as the result.
 *
 * <pre>{@code
 * public final class Arithmetic {
 *   @CeleryTask("tasks.add")
 *   public static int add(int x, int y) {
 *     return x + y;
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CeleryTask {

  /**
   * The registered task name, the {@code task} header producers send (for example {@code
   * tasks.add}). Empty (the default) means {@code <fully.qualified.ClassName>.<method>}, the Java
   * counterpart of Celery's default {@code <module>.<function>}.
   */
  String value() default "";

  /**
   * Acknowledge the message after the task ran and its result was stored rather than before it
   * starts (Celery's {@code Task.acks_late}). {@link Flag#DEFAULT} follows {@code task_acks_late}.
   */
  Flag acksLate() default Flag.DEFAULT;

  /**
   * Store no result (Celery's {@code Task.ignore_result}). {@link Flag#DEFAULT} follows {@code
   * task_ignore_result}; a message's {@code ignore_result} header also suppresses storing.
   */
  Flag ignoreResult() default Flag.DEFAULT;

  /**
   * Store {@code STARTED} before the task runs (Celery's {@code Task.track_started}). {@link
   * Flag#DEFAULT} follows {@code task_track_started}.
   */
  Flag trackStarted() default Flag.DEFAULT;

  /**
   * With {@link #acksLate()}: give the message back to the queue when the task's executor is lost
   * (Celery's {@code Task.reject_on_worker_lost}) instead of failing it with {@code
   * WorkerLostError}. A JVM has no child process to lose; the Java counterpart is a {@link
   * VirtualMachineError} ({@link OutOfMemoryError}, {@link StackOverflowError}, ...) escaping the
   * task. As in Celery, a task that always does so is redelivered forever. {@link Flag#DEFAULT}
   * follows {@code task_reject_on_worker_lost}.
   */
  Flag rejectOnWorkerLost() default Flag.DEFAULT;

  /**
   * The most tasks of this type the worker starts per second, minute or hour (Celery's {@code
   * Task.rate_limit}): {@code "10/s"}, {@code "100/m"}, {@code "1000/h"}, or a plain number meaning
   * per second. Empty (the default) follows {@code task_default_rate_limit}; zero means no limit.
   * Requests over the limit are held, unacknowledged, until the task's token bucket allows them;
   * other task types are not delayed. A malformed value makes the worker fail at start.
   */
  String rateLimit() default "";

  /**
   * Hard time limit in seconds (Celery's {@code Task.time_limit}): at this deadline the worker
   * marks the task {@code FAILURE} with {@code TimeLimitExceeded(<seconds>)}, interrupts and
   * abandons its thread and frees its pool slot. 0 (the default) falls back to {@code
   * task_time_limit}; a message's {@code timelimit} header overrides it.
   */
  double timeLimit() default 0;

  /**
   * Soft time limit in seconds (Celery's {@code Task.soft_time_limit}): at this deadline the task's
   * thread is interrupted and {@link TaskContext#checkSoftTimeLimit()} throws {@link
   * SoftTimeLimitExceeded}. 0 (the default) falls back to {@code task_soft_time_limit}; a message's
   * {@code timelimit} header overrides it.
   */
  double softTimeLimit() default 0;

  /**
   * The most retries (Celery's {@code Task.max_retries}, default 3); -1 means no limit (Python's
   * {@code None}). A {@link TaskContext#retry()} beyond it fails the task with the exception it
   * was given, or {@link MaxRetriesExceededError}.
   */
  int maxRetries() default 3;

  /**
   * Seconds until a retry that names neither countdown nor ETA runs (Celery's {@code
   * Task.default_retry_delay}, default 180).
   */
  double defaultRetryDelay() default 180;

  /**
   * Exceptions that retry the task by themselves (Celery's {@code autoretry_for}): when the task
   * throws one of these (or a subclass), the worker retries it with that exception, as {@code
   * throw ctx.retry(e)} would, with the {@link #retryBackoff()} countdown when one is set.
   */
  Class<? extends Throwable>[] autoretryFor() default {};

  /**
   * Exponential backoff factor in seconds for automatic retries (Celery's {@code retry_backoff};
   * Python's {@code True} is 1): the n-th retry waits {@code min(retryBackoffMax, factor * 2^n)}
   * seconds, randomised by {@link #retryJitter()}. 0 (the default) uses {@link
   * #defaultRetryDelay()}.
   */
  int retryBackoff() default 0;

  /** The longest backoff in seconds (Celery's {@code retry_backoff_max}, default 600). */
  int retryBackoffMax() default 600;

  /**
   * Randomise the backoff between 0 and its value (Celery's {@code retry_jitter}, default true).
   */
  boolean retryJitter() default true;

  /**
   * A task option that is on, off, or taken from the app's settings. Annotations cannot hold a
   * null {@code Boolean}, hence this tri-state.
   */
  enum Flag {
    /** Use the app setting (for example {@code task_acks_late}). */
    DEFAULT,
    /** On for this task, whatever the setting. */
    TRUE,
    /** Off for this task, whatever the setting. */
    FALSE;

    /** The effective value: this flag, or {@code setting} when this is {@link #DEFAULT}. */
    public boolean orElse(boolean setting) {
      return this == DEFAULT ? setting : this == TRUE;
    }
  }
}
