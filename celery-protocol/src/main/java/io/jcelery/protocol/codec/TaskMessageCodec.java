package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.Signature;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.legacy.ProtocolOneUpgrade;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns {@link TaskMessage}s into the protocol-2 model and back, as Celery's producer ({@code
 * celery/app/amqp.py} {@code as_task_v2}, kombu {@code Producer._prepare}) and worker ({@code
 * Consumer.on_task_received}, {@code worker/strategy.py}) do.
 *
 * <p>Errors on decode tell the worker what Celery would do with the message:
 *
 * <ul>
 *   <li>{@link ContentDisallowedException}: content type not accepted, or pickle; Celery rejects a
 *       protocol-2 message without requeue ({@code on_invalid_task}). For a protocol-1 message (no
 *       {@code task} header) Celery sees it while decoding and acks it ({@code on_decode_error});
 *   <li>{@link InvalidTaskException}: decodes but is not a task (wrong shapes, neither protocol);
 *       rejected without requeue;
 *   <li>any other {@link ProtocolException}: the payload cannot be decompressed or decoded; Celery
 *       acks and drops it ({@code on_decode_error}).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TaskMessageCodec {

  private final AcceptContent accept;

  /**
   * @param accept what the consumer deserializes ({@code accept_content}); not null
   */
  public TaskMessageCodec(AcceptContent accept) {
    this.accept = Objects.requireNonNull(accept, "accept");
  }

  /** The accepted content types. */
  public AcceptContent accept() {
    return accept;
  }

  /**
   * Decompresses (when the {@code compression} header is set), checks the content type and decodes
   * the payload of any kombu message: task messages, rpc replies, events. As kombu does, a content
   * type without a codec (such as {@code application/data}, the meaning of a missing one) gives the
   * raw bytes as a binary node, or text when the content encoding is a charset.
   *
   * @throws ContentDisallowedException when the content type is not accepted
   * @throws ProtocolException when the payload cannot be decompressed or decoded
   */
  public JsonNode decodePayload(TaskMessage message) {
    byte[] payload = message.body();
    String compression = message.compression();
    if (compression != null) {
      payload = Compressors.byContentType(compression).decompress(payload);
    }
    accept.check(message.contentType());
    String contentType =
        message.contentType() == null ? AcceptContent.RAW_CONTENT_TYPE : message.contentType();
    BodyCodec codec = BodyCodecs.find(contentType);
    if (codec != null) {
      return codec.decode(payload);
    }
    if (contentType.equals(BodyCodecs.PICKLE_CONTENT_TYPE)) {
      throw new ContentDisallowedException(BodyCodecs.PICKLE_REFUSED);
    }
    return raw(payload, message.contentEncoding());
  }

  /** kombu's fallback without a decoder: text in the content encoding, or the bytes themselves. */
  private static JsonNode raw(byte[] payload, String contentEncoding) {
    String encoding = contentEncoding == null ? "utf-8" : contentEncoding.toLowerCase(Locale.ROOT);
    if (encoding.equals("binary") || encoding.equals("ascii-8bit")) {
      return JsonNodeFactory.instance.binaryNode(payload);
    }
    try {
      return JsonNodeFactory.instance.textNode(
          Charset.forName(encoding).newDecoder().decode(ByteBuffer.wrap(payload)).toString());
    } catch (CharacterCodingException | IllegalArgumentException e) {
      throw new ProtocolException("Cannot decode raw payload as " + encoding, e);
    }
  }

  /**
   * Decodes a task message of protocol 2 (a {@code task} header) or protocol 1 (a body dict with
   * {@code task}, upgraded by {@link ProtocolOneUpgrade}).
   *
   * @throws ContentDisallowedException when the content type is not accepted
   * @throws InvalidTaskException when it decodes but is not a valid task message
   * @throws ProtocolException when the payload cannot be decompressed or decoded
   */
  public DecodedTask decode(TaskMessage message) {
    JsonNode payload = decodePayload(message);
    Map<String, Object> headers = message.headers();
    boolean taskHeader = headers.get("task") != null;
    boolean bodyDict = payload.isObject();
    if (taskHeader && !(bodyDict && payload.has("args"))) {
      return new DecodedTask(headersFromMap(headers), CanvasTrees.bodyFromTree(payload), 2, true);
    }
    if (bodyDict && (taskHeader || payload.has("task"))) {
      // Protocol 1, or a "hybrid" v1-style body with v2 headers (strategy.hybrid_to_proto2).
      ProtocolOneUpgrade.Upgraded upgraded =
          ProtocolOneUpgrade.upgrade((ObjectNode) payload, headers);
      TaskBody body = CanvasTrees.bodyFromTree(upgraded.body());
      Map<String, Object> v2 = new LinkedHashMap<>(upgraded.headers());
      // proto1_to_proto2 recomputes the reprs with saferepr(args) / saferepr(kwargs), no limit.
      v2.computeIfAbsent("argsrepr", k -> PythonRepr.saferepr(body.args()));
      v2.computeIfAbsent("kwargsrepr", k -> PythonRepr.saferepr(body.kwargs()));
      return new DecodedTask(headersFromMap(v2), body, 1, upgraded.utc());
    }
    throw new InvalidTaskException(
        "Received unknown message: no task header and no task in the body");
  }

  /**
   * Builds a protocol-2 task message: headers in {@code as_task_v2} order (plus {@code compression}
   * when compressing), body {@code [args, kwargs, embed]} serialized by the codec, then compressed.
   *
   * @param compressorOrNull null to send the body uncompressed
   * @throws ProtocolException when the body holds a value the codec cannot carry (bytes in json)
   */
  public TaskMessage encode(
      TaskHeaders headers,
      TaskBody body,
      MessageProperties properties,
      BodyCodec codec,
      Compressor compressorOrNull) {
    byte[] payload = codec.encode(CanvasTrees.bodyToTree(body));
    Map<String, Object> headerMap = headersToMap(headers);
    if (compressorOrNull != null) {
      payload = compressorOrNull.compress(payload);
      headerMap.put(TaskMessage.COMPRESSION_HEADER, compressorOrNull.contentType());
    }
    return new TaskMessage(
        codec.contentType(), codec.contentEncoding(), headerMap, properties, payload);
  }

  /**
   * The header map in {@code as_task_v2} order, then the extra headers (a {@code compression} entry
   * in extra is left out: {@link #encode} sets it). {@code timelimit} is a two-element list {@code
   * [hard, soft]}, whole numbers written as {@code Long} as Python writes ints.
   *
   * @return a new mutable, insertion-ordered map
   */
  public static Map<String, Object> headersToMap(TaskHeaders headers) {
    return TaskHeaderMaps.toMap(headers);
  }

  /**
   * Reads typed headers from a header map (Redis envelope or AMQP table values). Tolerant of
   * Integer/Long/Double numbers, null {@code timelimit} elements and missing optional headers;
   * unknown headers go to {@link TaskHeaders#extra()} in order ({@code compression} is dropped).
   *
   * @throws InvalidTaskException when {@code task} or {@code id} is missing or a header has the
   *     wrong type
   */
  public static TaskHeaders headersFromMap(Map<String, Object> headers) {
    return TaskHeaderMaps.fromMap(headers);
  }

  /** Same as {@link CanvasTrees#signatureToTree}. */
  public static ObjectNode signatureToTree(Signature signature) {
    return CanvasTrees.signatureToTree(signature);
  }

  /** Same as {@link CanvasTrees#signatureFromTree}. */
  public static Signature signatureFromTree(JsonNode tree) {
    return CanvasTrees.signatureFromTree(tree);
  }
}
