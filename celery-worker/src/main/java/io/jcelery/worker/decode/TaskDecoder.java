package io.jcelery.worker.decode;

import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.transport.Delivery;
import io.jcelery.worker.WorkerControl;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes deliveries into {@link TaskRequest}s, handling bad messages as Celery's consumer does
 * ({@code celery/worker/consumer/consumer.py}, {@code on_task_received}):
 *
 * <ul>
 *   <li>a protocol-2 message for a task that is not registered is not decoded further: its request
 *       (headers only) goes on so that the dispatcher reports it ({@code on_unknown_task});
 *   <li>content type not in {@code accept_content}, or an invalid task (bad shapes, unparsable
 *       {@code eta}/{@code expires}): logged, rejected without requeue, nothing stored ({@code
 *       on_invalid_task});
 *   <li>a payload that cannot be decompressed or decoded (and, as in Celery, a disallowed
 *       protocol-1 message, whose body must be decoded to find the task): logged and acked, i.e.
 *       dropped ({@code on_decode_error}).
 * </ul>
 *
 * <p>Stateless apart from its configuration; thread-safe.
 *
 * @since 0.1
 */
public final class TaskDecoder {

  private static final Logger log = LoggerFactory.getLogger(TaskDecoder.class);

  private static final int BODY_DUMP_LIMIT = 1024;

  private static final String INVALID_TASK_ERROR =
      """
      Received invalid task message: {}
      The message has been ignored and discarded.

      Please ensure your message conforms to the task
      message protocol as described here:
      http://docs.celeryq.org/en/latest/internals/protocol.html

      The full contents of the message body was:
      {}""";

  private static final String MESSAGE_DECODE_ERROR =
      """
      Can't decode message body: {} [type:{} encoding:{} headers:{}]

      body: {}""";

  private final TaskMessageCodec codec;
  private final ZoneId timezone;
  private final String hostname;
  private final WorkerControl worker;
  private final Predicate<String> registered;

  /**
   * @param codec decodes messages; its {@code accept_content} decides what is refused
   * @param timezone the app timezone ETA and expiry are expressed in ({@code app.timezone})
   * @param hostname the worker's node name, recorded on every request
   * @param registered whether a task name is registered; unregistered protocol-2 tasks skip body
   *     decoding
   */
  public TaskDecoder(
      TaskMessageCodec codec, ZoneId timezone, String hostname, Predicate<String> registered) {
    this(codec, timezone, hostname, registered, TaskRequest.NO_WORKER);
  }

  /**
   * As {@link #TaskDecoder(TaskMessageCodec, ZoneId, String, Predicate)}, for requests whose tasks
   * reach {@code worker} through {@link io.jcelery.worker.TaskContext#worker()}.
   */
  public TaskDecoder(
      TaskMessageCodec codec,
      ZoneId timezone,
      String hostname,
      Predicate<String> registered,
      WorkerControl worker) {
    this.worker = worker;
    this.codec = codec;
    this.timezone = timezone;
    this.hostname = hostname;
    this.registered = registered;
  }

  /**
   * Decodes one delivery.
   *
   * @return the request, or null when the message was bad; it has then been logged and settled
   */
  public TaskRequest decode(Delivery delivery) {
    TaskMessage message = delivery.message();
    Object taskHeader = message.headers().get("task");
    try {
      if (taskHeader != null && !registered.test(taskHeader.toString())) {
        // Celery looks the strategy up before decoding the body (on_task_received).
        DecodedTask headersOnly =
            new DecodedTask(
                TaskMessageCodec.headersFromMap(message.headers()),
                new TaskBody(null, null, null),
                2,
                true);
        return new TaskRequest(delivery, headersOnly, null, null, hostname, worker);
      }
      DecodedTask task = codec.decode(message);
      OffsetDateTime eta = parseDate("ETA", task.headers().eta());
      OffsetDateTime expires = parseDate("expires", task.headers().expires());
      return new TaskRequest(delivery, task, eta, expires, hostname, worker);
    } catch (ContentDisallowedException e) {
      if (taskHeader == null) {
        onDecodeError(delivery, e);
      } else {
        onInvalidTask(delivery, e);
      }
    } catch (InvalidTaskException e) {
      onInvalidTask(delivery, e);
    } catch (RuntimeException e) {
      // ProtocolException, and anything else a broken payload can make a codec throw.
      onDecodeError(delivery, e);
    }
    return null;
  }

  private OffsetDateTime parseDate(String what, String text) {
    if (text == null) {
      return null;
    }
    try {
      // A value without an offset is UTC; either way it is then seen in the app's timezone
      // (celery/worker/request.py: maybe_iso8601, then maybe_make_aware(value, tzlocal)).
      return Iso8601.parse(text).atZoneSameInstant(timezone).toOffsetDateTime();
    } catch (InvalidTaskException e) {
      throw new InvalidTaskException(
          "invalid " + what + " value '" + text + "': " + e.getMessage(), e);
    }
  }

  private static void onInvalidTask(Delivery delivery, ProtocolException e) {
    log.error(INVALID_TASK_ERROR, describe(e), dumpBody(delivery.message()), e);
    delivery.settlement().reject(false);
  }

  private static void onDecodeError(Delivery delivery, RuntimeException e) {
    TaskMessage m = delivery.message();
    log.error(
        MESSAGE_DECODE_ERROR,
        describe(e),
        m.contentType(),
        m.contentEncoding(),
        m.headers(),
        dumpBody(m),
        e);
    delivery.settlement().ack();
  }

  /** The exception as kombu and Celery name it, then its message. */
  static String describe(RuntimeException e) {
    String type =
        e instanceof ContentDisallowedException
            ? "ContentDisallowed"
            : e instanceof InvalidTaskException
                ? "InvalidTaskError"
                : e instanceof ProtocolException ? "DecodeError" : e.getClass().getSimpleName();
    return type + ": " + e.getMessage();
  }

  /** celery {@code dump_body}: the body, cut at 1024 characters, and its size in bytes. */
  static String dumpBody(TaskMessage m) {
    String text = new String(m.body(), StandardCharsets.UTF_8);
    if (text.length() > BODY_DUMP_LIMIT) {
      text = text.substring(0, BODY_DUMP_LIMIT) + "...";
    }
    return text + " (" + m.body().length + "b)";
  }
}
