package io.jcelery.transport.virtual;

import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The JSON document kombu's virtual transports store for one message (one Redis list element, one
 * filesystem {@code .msg} file), written byte for byte as kombu 5.2.4 writes it: {@code
 * Channel.prepare_message} and {@code _inplace_augment_message} in {@code
 * kombu/transport/virtual/base.py}, serialized by {@code json.dumps}:
 *
 * <pre>
 * {"body": "&lt;base64&gt;", "content-encoding": ..., "content-type": ..., "headers": {...},
 *  "properties": {"correlation_id": ..., "reply_to": ..., &lt;extra properties&gt;...,
 *                 "delivery_mode": 2, ["expiration": "60000",]
 *                 "delivery_info": {"exchange": ..., "routing_key": ...},
 *                 "priority": 0, "body_encoding": "base64", "delivery_tag": "&lt;uuid4&gt;"}}
 * </pre>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class KombuEnvelope {

  /** The only {@code body_encoding} kombu has a codec for (virtual {@code Channel.codecs}). */
  public static final String BODY_ENCODING = "base64";
  private static final String BODY_FIRST = "{\"body\": \"";

  /** Properties the transport itself writes; everything else is an extra property. */
  private static final Set<String> OWN_PROPERTIES =
      Set.of(
          "correlation_id",
          "reply_to",
          "delivery_mode",
          "expiration",
          "delivery_info",
          "priority",
          "body_encoding",
          "delivery_tag");

  private KombuEnvelope() {}

  /**
   * A decoded envelope.
   *
   * @param message the message as the producer handed it to kombu
   * @param info exchange and routing key the producer used, the queue it came from, whether it was
   *     restored before ({@code delivery_info.redelivered}, {@code headers.redelivered} or kombu
   *     virtual's top-level {@code redelivered}) and its priority
   * @param deliveryTag {@code properties.delivery_tag}, or null when the producer wrote none
   */
  public record Decoded(TaskMessage message, DeliveryInfo info, String deliveryTag) {}

  /** A fresh delivery tag: a random UUID, as {@code Channel._next_delivery_tag} makes. */
  public static String newDeliveryTag() {
    return UUID.randomUUID().toString();
  }

  /**
   * Writes the envelope kombu would store for {@code basic_publish(message, exchange,
   * routing_key)}. A null priority is written as 0 ({@code priority or default_priority}); null
   * correlation id, reply-to and expiration are left out, as kombu leaves out properties the
   * producer did not pass.
   *
   * @param exchange exchange name, {@code ""} for the anonymous exchange; never null
   * @param routingKey routing key; never null
   * @param message the message; never null
   * @param deliveryTag the tag to write, normally {@link #newDeliveryTag()}
   */
  public static String encode(
      String exchange, String routingKey, TaskMessage message, String deliveryTag) {
    MessageProperties p = message.properties();
    Map<String, Object> properties = new LinkedHashMap<>();
    if (p.correlationId() != null) {
      properties.put("correlation_id", p.correlationId());
    }
    if (p.replyTo() != null) {
      properties.put("reply_to", p.replyTo());
    }
    // Producer.publish(**properties): extra keyword properties follow correlation_id/reply_to and
    // precede delivery_mode, which publish() adds afterwards (kombu/messaging.py).
    for (Map.Entry<String, Object> e : p.extra().entrySet()) {
      if (!OWN_PROPERTIES.contains(e.getKey())) {
        properties.put(e.getKey(), e.getValue());
      }
    }
    properties.put("delivery_mode", p.deliveryMode());
    if (p.expiration() != null) {
      properties.put("expiration", p.expiration());
    }
    Map<String, Object> deliveryInfo = new LinkedHashMap<>();
    deliveryInfo.put("exchange", exchange);
    deliveryInfo.put("routing_key", routingKey);
    properties.put("delivery_info", deliveryInfo);
    properties.put("priority", p.priority() == null ? 0 : p.priority());
    properties.put("body_encoding", BODY_ENCODING);
    properties.put("delivery_tag", deliveryTag);

    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("body", Base64.getEncoder().encodeToString(message.body()));
    envelope.put("content-encoding", message.contentEncoding());
    envelope.put("content-type", message.contentType());
    envelope.put("headers", message.headers());
    envelope.put("properties", properties);
    return PythonJson.write(envelope);
  }

  /**
   * Reads an envelope as kombu's virtual {@code Message} does: the body is base64-decoded when
   * {@code properties.body_encoding} is {@code base64}, else taken as UTF-8 text.
   *
   * @param envelope the stored JSON text
   * @param queue the queue it was taken from, recorded in the delivery info
   * @throws TransportException when the text is not a kombu envelope
   */
  public static Decoded decode(String envelope, String queue) {
    if (!(readEnvelope(envelope) instanceof Map<?, ?> root)) {
      throw new TransportException("A kombu message must be a JSON object");
    }
    Map<String, Object> properties = mapOrEmpty(root.get("properties"), "properties");
    Map<String, Object> headers = mapOrEmpty(root.get("headers"), "headers");
    Map<String, Object> deliveryInfo =
        mapOrEmpty(properties.get("delivery_info"), "delivery_info");

    byte[] body = decodeBody(root.get("body"), properties.get("body_encoding"));
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      if (!OWN_PROPERTIES.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    }
    Integer priority = integerOrNull(properties.get("priority"));
    Integer deliveryMode = integerOrNull(properties.get("delivery_mode"));
    MessageProperties messageProperties =
        new MessageProperties(
            textOrNull(properties.get("correlation_id")),
            textOrNull(properties.get("reply_to")),
            deliveryMode == null ? MessageProperties.PERSISTENT : deliveryMode,
            priority,
            textOrNull(properties.get("expiration")),
            extra);
    TaskMessage message =
        new TaskMessage(
            textOrNull(root.get("content-type")),
            textOrNull(root.get("content-encoding")),
            headers,
            messageProperties,
            body);
    boolean redelivered =
        truthy(deliveryInfo.get("redelivered"))
            || truthy(headers.get("redelivered"))
            || truthy(root.get("redelivered"));
    String exchange = textOrNull(deliveryInfo.get("exchange"));
    DeliveryInfo info =
        new DeliveryInfo(
            exchange == null ? "" : exchange,
            textOrNull(deliveryInfo.get("routing_key")),
            queue,
            redelivered,
            priority);
    return new Decoded(message, info, textOrNull(properties.get("delivery_tag")));
  }

  /**
   * The envelope parsed. kombu writes the body first, and as a base64 string has no escapes, the
   * body is then cut out of the text and only the rest (headers and properties, about 1 KB) goes
   * through the JSON parser, which would otherwise read a large body char by char and copy it
   * twice more. Any other shape is parsed whole.
   */
  private static Object readEnvelope(String envelope) {
    if (envelope.startsWith(BODY_FIRST)) {
      int start = BODY_FIRST.length();
      int close = envelope.indexOf('"', start);
      int escape = envelope.indexOf('\\', start);
      if (close > 0
          && (escape < 0 || escape > close)
          && envelope.startsWith(", ", close + 1)
          && PythonJson.read("{" + envelope.substring(close + 3)) instanceof Map<?, ?> rest) {
        Map<Object, Object> root = new LinkedHashMap<>();
        root.put("body", envelope.substring(start, close));
        root.putAll(rest); // a second body, as in Python's json, replaces the first
        return root;
      }
    }
    return PythonJson.read(envelope);
  }

  /**
   * The envelope as kombu's Redis {@code Channel._do_restore_message} puts it back: {@code
   * headers.redelivered} and {@code properties.delivery_info.redelivered} set to true (added at
   * the end of their objects when absent), everything else, including the delivery tag, unchanged.
   *
   * @throws TransportException when the text is not a JSON object
   */
  public static String markRedelivered(String envelope) {
    return PythonJson.write(markRedelivered(PythonJson.read(envelope)));
  }

  /**
   * Sets the redelivered flags on an already parsed envelope (a {@code Map} from {@link
   * PythonJson#read}) and returns it.
   */
  @SuppressWarnings("unchecked")
  public static Object markRedelivered(Object envelope) {
    if (!(envelope instanceof Map<?, ?> root)) {
      throw new TransportException("A kombu message must be a JSON object");
    }
    if (root.get("headers") instanceof Map<?, ?> headers) {
      ((Map<String, Object>) headers).put("redelivered", true);
    }
    if (root.get("properties") instanceof Map<?, ?> properties
        && properties.get("delivery_info") instanceof Map<?, ?> info) {
      ((Map<String, Object>) info).put("redelivered", true);
    }
    return envelope;
  }

  private static byte[] decodeBody(Object body, Object bodyEncoding) {
    if (body == null) {
      return new byte[0];
    }
    String text = body instanceof String s ? s : PythonJson.write(body);
    if (bodyEncoding == null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (!BODY_ENCODING.equals(bodyEncoding)) {
      throw new TransportException("Unknown body_encoding " + bodyEncoding);
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      // Python's b64decode (non-validating) skips characters outside the alphabet, as MIME does.
      return Base64.getMimeDecoder().decode(text);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOrEmpty(Object value, String name) {
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new TransportException("kombu message field '" + name + "' is not an object");
  }

  private static String textOrNull(Object value) {
    return value == null ? null : value instanceof String s ? s : String.valueOf(value);
  }

  private static Integer integerOrNull(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        return Integer.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Python truthiness of a JSON value. */
  private static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof String s) {
      return !s.isEmpty();
    }
    return !(value instanceof Map<?, ?> m && m.isEmpty())
        && !(value instanceof java.util.List<?> l && l.isEmpty());
  }
}
