package io.jcelery.worker.decode;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.transport.Settlement;
import io.jcelery.worker.RetryPolicy;
import io.jcelery.worker.TaskContext;
import io.jcelery.worker.WorkerControl;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One received task message, decoded: Celery's worker {@code Request} ({@code
 * celery/worker/request.py}). It carries the delivery's settlement handle, which exactly one
 * later stage uses. Immutable apart from that handle and the soft-time-limit flag; thread-safe.
 *
 * @since 0.1
 */
public final class TaskRequest {

  /** The control of requests decoded outside a {@link io.jcelery.worker.Worker}: refuses. */
  public static final WorkerControl NO_WORKER =
      new WorkerControl() {
        @Override
        public java.util.Set<String> revoke(java.util.Collection<String> ids, boolean terminate) {
          throw new UnsupportedOperationException("The request does not run in a worker");
        }

        @Override
        public boolean isRevoked(String taskId) {
          return false;
        }
      };

  private final Delivery delivery;
  private final DecodedTask task;
  private final OffsetDateTime eta;
  private final OffsetDateTime expires;
  private final String hostname;
  private final TaskContext context;
  private final WorkerControl worker;
  /** Null until the soft limit passes; then its text until the task sees it, then "". */
  private final AtomicReference<String> softTimeLimit = new AtomicReference<>();
  private volatile RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

  /**
   * @param delivery the delivery the message came in
   * @param task the decoded message
   * @param eta the parsed {@code eta} header in the app timezone, or null
   * @param expires the parsed {@code expires} header in the app timezone, or null
   * @param hostname the worker's node name
   */
  public TaskRequest(
      Delivery delivery,
      DecodedTask task,
      OffsetDateTime eta,
      OffsetDateTime expires,
      String hostname) {
    this(delivery, task, eta, expires, hostname, NO_WORKER);
  }

  public TaskRequest(
      Delivery delivery,
      DecodedTask task,
      OffsetDateTime eta,
      OffsetDateTime expires,
      String hostname,
      WorkerControl worker) {
    this.delivery = delivery;
    this.task = task;
    this.eta = eta;
    this.expires = expires;
    this.hostname = hostname;
    this.worker = worker;
    this.context = new RequestContext(this);
  }
  /** The worker the request's task runs on. */
  public WorkerControl worker() {
    return worker;
  }


  /** The task id. */
  public String id() {
    return task.headers().id();
  }

  /** The task name the message asks for ({@code task} header). */
  public String taskName() {
    return task.headers().task();
  }

  /** The name for logs: {@code shadow} when set, else the task name (Celery's Request.name). */
  public String name() {
    return task.headers().displayName();
  }

  /** The typed headers. */
  public TaskHeaders headers() {
    return task.headers();
  }

  /** The message properties. */
  public MessageProperties properties() {
    return delivery.message().properties();
  }

  /** The positional arguments. */
  public ArrayNode args() {
    return task.body().args();
  }

  /** The keyword arguments. */
  public ObjectNode kwargs() {
    return task.body().kwargs();
  }

  /** Callbacks, errbacks, chain and chord that follow the task. */
  public Embed embed() {
    return task.body().embed();
  }

  /** The protocol version the message was sent with. */
  public int protocol() {
    return task.protocol();
  }

  /** When the task is due, or null to run now. */
  public OffsetDateTime eta() {
    return eta;
  }

  /** When the task expires, or null for never. */
  public OffsetDateTime expires() {
    return expires;
  }

  /** The worker's node name. */
  public String hostname() {
    return hostname;
  }

  /** Where the message came from. */
  public DeliveryInfo deliveryInfo() {
    return delivery.info();
  }

  /** The single-shot handle that acks or rejects the message. */
  public Settlement settlement() {
    return delivery.settlement();
  }

  /** The delivery itself. */
  public Delivery delivery() {
    return delivery;
  }

  /** The view a task receives as {@link TaskContext}. */
  public TaskContext context() {
    return context;
  }

  /** The retry settings of the task this request runs ({@link RetryPolicy#DEFAULT} until set). */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** Sets the retry settings of the task this request runs, before it runs. */
  public void retryPolicy(RetryPolicy policy) {
    this.retryPolicy = policy;
  }

  /**
   * Records that the soft time limit passed (the execution stage's timer calls it), so that {@link
   * TaskContext#checkSoftTimeLimit()} throws.
   *
   * @param message what the exception says, e.g. {@code "SoftTimeLimitExceeded(1.5,)"}
   */
  public void softTimeLimitReached(String message) {
    softTimeLimit.compareAndSet(null, message);
  }

  /** Whether the soft time limit has passed. */
  public boolean softTimeLimitReached() {
    return softTimeLimit.get() != null;
  }

  /**
   * Takes the pending soft-time-limit report: its message the first time after the limit passed,
   * null before it and after it was taken.
   */
  public String takeSoftTimeLimit() {
    String message = softTimeLimit.get();
    if (message == null || message.isEmpty() || !softTimeLimit.compareAndSet(message, "")) {
      return null;
    }
    return message;
  }

  @Override
  public String toString() {
    return name() + "[" + id() + "]";
  }
}
