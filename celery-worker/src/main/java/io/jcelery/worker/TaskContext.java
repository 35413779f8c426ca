package io.jcelery.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.transport.DeliveryInfo;
import java.time.OffsetDateTime;

/**
 * The request a task is running for: Celery's {@code task.request} ({@code celery/app/task.py}
 * {@code Context}). A task receives it by declaring a parameter of this type; that parameter takes
 * no message argument.
 *
 * <p>Immutable and thread-safe; valid only while the task runs. The trees returned by {@link
 * #args()} and {@link #kwargs()} are shared and must not be modified.
 *
 * @since 0.1
 */
public interface TaskContext {

  /** The task id ({@code request.id}); never null. */
  String id();

  /** The registered task name ({@code request.task}); never null. */
  String taskName();

  /** The positional arguments as sent; never null. */
  ArrayNode args();

  /** The keyword arguments as sent; never null. */
  ObjectNode kwargs();

  /** How many times the task was retried so far ({@code request.retries}). */
  int retries();

  /** The id of the first task of the workflow ({@code request.root_id}); may be null. */
  String rootId();

  /** The id of the task that sent this one ({@code request.parent_id}); may be null. */
  String parentId();

  /** The group id when the task is part of a group or chord ({@code request.group}); may be null. */
  String group();

  /**
   * Where the message came from ({@code request.delivery_info}: exchange, routing_key, priority,
   * redelivered); never null.
   */
  DeliveryInfo deliveryInfo();

  /** The node name of the worker running the task ({@code request.hostname}); never null. */
  String hostname();

  /**
   * When the task was due ({@code request.eta}) in the app's timezone; null for a task without
   * ETA or countdown. A naive ETA is read as UTC, as Celery does.
   */
  OffsetDateTime eta();

  /** When the task expires ({@code request.expires}); null when it never does. */
  OffsetDateTime expires();

  /** The {@code correlation_id} property (the task id for Celery producers); may be null. */
  String correlationId();

  /** The {@code reply_to} property (where an rpc backend replies); may be null. */
  String replyTo();

  /**
   * Throws {@link SoftTimeLimitExceeded} once the task has run past its soft time limit (Celery
   * raises it inside the task at that moment; a Java thread can only be interrupted, so the task
   * looks here, for instance after catching {@link InterruptedException}). Throws only once per
   * run, and clears the thread's interrupt status when it does, so the task can clean up.
   *
   * @throws SoftTimeLimitExceeded when the soft limit has passed and was not reported yet
   */
  void checkSoftTimeLimit();

  /**
   * Asks for this task to run again later (Celery's {@code self.retry()}), after the task's {@link
   * CeleryTask#defaultRetryDelay()}, without an exception. Throw what it returns: {@code throw
   * ctx.retry();}.
   *
   * @return the {@link Retry} to throw; the worker sends the task again once it is thrown
   * @throws MaxRetriesExceededError when the task's {@link CeleryTask#maxRetries()} are used up
   */
  default Retry retry() {
    return retry(RetryOptions.DEFAULT);
  }

  /**
   * As {@link #retry()}, recording {@code exc} as the reason: it is stored with {@code RETRY}, and
   * thrown itself (checked or not) instead of {@link MaxRetriesExceededError} when the retries are
   * used up, so the task fails with it.
   */
  default Retry retry(Throwable exc) {
    return retry(RetryOptions.builder().exc(exc).build());
  }

  /**
   * Celery's {@code self.retry(exc=, countdown=, eta=, max_retries=)}.
   *
   * @return the {@link Retry} to throw
   * @throws MaxRetriesExceededError when the retries are used up and no exception was given; the
   *     given exception itself when they are used up and one was given
   */
  Retry retry(RetryOptions options);

  /**
   * The worker running the task, to revoke tasks by id (Celery's {@code app.control.revoke}, here
   * without the broadcast channel: it acts on this worker only).
   */
  WorkerControl worker();
}
