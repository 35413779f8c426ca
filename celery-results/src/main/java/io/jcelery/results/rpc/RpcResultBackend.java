package io.jcelery.results.rpc;

import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContext;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultRoute;
import io.jcelery.transport.QueueSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results sent back as messages to the producer, exactly as Celery's {@code RPCBackend} does
 * ({@code celery/backends/rpc.py}), so a Python client with {@code backend='rpc://'} gets results
 * from Java workers and a Java client gets them from Python workers.
 *
 * <p><b>Features:</b>
 *
 * <ul>
 *   <li>Worker side ({@link #store(ResultMeta, ResultRoute)}): every state change (STARTED with
 *       {@code task_track_started}, RETRY, the final state) is one message published over the
 *       app's broker to the default exchange {@code ""} with routing key = the request's {@code
 *       reply_to} and {@code correlation_id} = the request's correlation id (the task id); body
 *       {@code {"task_id", "status", "result", "traceback", "children"}} in the result serializer;
 *       {@code delivery_mode} 1, or 2 with {@code result_persistent}. A request without {@code
 *       reply_to} has nowhere to go: its result is dropped and a warning logged once.
 *   <li>Client side: the app's reply queue is named after the app's oid ({@code app.thread_oid}),
 *       which the client sends as every task's {@code reply_to}. It is declared non-durable,
 *       auto-deleted, with {@code x-expires} = {@code result_expires} ({@code RPCBackend.binding})
 *       before the first task is published ({@link #onTaskCall}) and consumed from then on, or
 *       from the first read. Replies are matched by {@code correlation_id} (else the body's
 *       {@code task_id}), and the latest state of each task is kept in memory (up to {@value
 *       RpcResultConsumer#MESSAGE_BUFFER_MAX} tasks, oldest dropped first); a ready state is not
 *       replaced by a later non-ready one.
 *   <li>Works on every transport, as kombu's does: AMQP, Redis, filesystem, memory.
 * </ul>
 *
 * <p><b>Limits, as in Celery:</b> results go to the process that sent the task and only there:
 * another process (or another app in this one) cannot read them, and a result that arrived before
 * this app was created is never seen. Reading a task this app did not send waits until its
 * timeout; {@link #get} reports it PENDING. Results are not stored anywhere, so {@link #forget}
 * only drops the state kept in memory. Chords are not supported: Celery refuses them with this
 * backend ({@code ensure_chords_allowed}); use a key-value backend such as Redis.
 *
 * <p><b>URL:</b> {@code rpc://} (anything after the scheme is ignored, as in Celery).
 *
 * <p><b>Options:</b> {@link ResultBackendOptions}: {@code result_serializer} for the replies sent,
 * {@code result_accept_content} for those read, {@code result_expires} as the reply queue's {@code
 * x-expires} (none when results never expire), {@code result_persistent}.
 *
 * <p>Thread-safe. Never closes the broker connection, which the app owns.
 *
 * @since 0.1
 */
public final class RpcResultBackend implements ResultBackend {

  private static final Logger LOG = LoggerFactory.getLogger(RpcResultBackend.class);

  private final ResultBackendContext app;
  private final ResultBackendOptions options;
  private final QueueSpec replyQueue;
  private final RpcResultConsumer consumer;
  private final AtomicBoolean warnedNoReplyTo = new AtomicBoolean();

  RpcResultBackend(ResultBackendContext app, ResultBackendOptions options) {
    this.app = Objects.requireNonNull(app, "app");
    this.options = Objects.requireNonNull(options, "options");
    this.replyQueue = replyQueue(app.oid(), options.expires());
    this.consumer = new RpcResultConsumer(app, replyQueue, new TaskMessageCodec(options.accept()));
  }

  /**
   * The reply queue as {@code RPCBackend.binding} declares it: named after the oid, not durable,
   * auto-delete, {@code x-expires} = {@code result_expires} in milliseconds, no binding (the
   * default exchange routes by queue name).
   */
  static QueueSpec replyQueue(String oid, Duration expires) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    if (expires != null && !expires.isZero()) {
      arguments.put("x-expires", expires.toMillis());
    }
    return new QueueSpec(oid, "", "direct", oid, false, arguments).withAutoDelete(true);
  }

  /** The queue this app receives replies on. */
  public QueueSpec replyQueue() {
    return replyQueue;
  }

  /**
   * Without a route the reply has no destination: the result is dropped, with a warning the first
   * time. Workers call {@link #store(ResultMeta, ResultRoute)}.
   */
  @Override
  public void store(ResultMeta meta) {
    store(meta, ResultRoute.NONE);
  }

  /**
   * Publishes the state to {@code route.replyTo()} (Celery's {@code RPCBackend.store_result}).
   *
   * @throws io.jcelery.transport.TransportException when the broker cannot take the reply
   */
  @Override
  public void store(ResultMeta meta, ResultRoute route) {
    String replyTo = route == null ? null : route.replyTo();
    if (replyTo == null || replyTo.isEmpty()) {
      if (warnedNoReplyTo.compareAndSet(false, true)) {
        LOG.warn(
            "Dropping the {} result of {}: the task message has no reply_to, so the rpc result"
                + " backend cannot send it anywhere (further such results are dropped silently)",
            meta.status(),
            meta.taskId());
      } else {
        LOG.debug("Dropping the {} result of {}: no reply_to", meta.status(), meta.taskId());
      }
      return;
    }
    String correlationId =
        route.correlationId() == null || route.correlationId().isEmpty()
            ? meta.taskId()
            : route.correlationId();
    int deliveryMode =
        options.persistent() ? MessageProperties.PERSISTENT : MessageProperties.TRANSIENT;
    TaskMessage reply =
        RpcResultMessage.encode(meta, correlationId, options.serializer(), deliveryMode);
    app.transport().publish("", replyTo, reply);
  }

  /** Declares the reply queue and starts consuming it, before the first task is published. */
  @Override
  public void onTaskCall(String taskId) {
    consumer.start();
  }

  /**
   * The latest state received for the task, or empty (PENDING) while none arrived. Starts
   * consuming the reply queue on first use.
   */
  @Override
  public Optional<ResultMeta> get(String taskId) {
    return consumer.latest(taskId);
  }

  @Override
  public Optional<ResultMeta> awaitReady(String taskId, Duration timeout) {
    return consumer.awaitReady(taskId, timeout);
  }

  /** Drops the state kept in memory; nothing is stored elsewhere. */
  @Override
  public void forget(String taskId) {
    consumer.forget(taskId);
  }

  /** Stops consuming replies; the app closes the broker connection itself. */
  @Override
  public void close() {
    consumer.close();
  }

  @Override
  public String toString() {
    return "rpc://";
  }
}
