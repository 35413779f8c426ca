package io.jcelery.transport.amqp;

import com.rabbitmq.client.AMQP;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link TaskMessage} to AMQP basic properties and back, as kombu's py-amqp channel does
 * ({@code kombu/transport/pyamqp.py} {@code Channel.prepare_message}, {@code Message}): content
 * type and encoding, the headers as {@code application_headers}, and the message properties. Extra
 * properties are carried only when AMQP has them ({@code message_id}, {@code timestamp}, {@code
 * type}, {@code user_id}, {@code app_id}, {@code cluster_id}); py-amqp drops any other name, and
 * so does this. Stateless and thread-safe.
 */
final class AmqpMessages {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpMessages.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private AmqpMessages() {}

  /**
   * The properties to publish {@code message} with.
   *
   * @throws io.jcelery.transport.TransportException when a header value has no AMQP type
   */
  static AMQP.BasicProperties properties(TaskMessage message) {
    MessageProperties p = message.properties();
    Map<String, Object> headers = AmqpFieldValues.headersToAmqp(message.headers());
    AMQP.BasicProperties.Builder builder =
        new AMQP.BasicProperties.Builder()
            .contentType(message.contentType())
            .contentEncoding(message.contentEncoding())
            .deliveryMode(p.deliveryMode() > 0 ? p.deliveryMode() : null)
            .priority(p.priority())
            .correlationId(p.correlationId())
            .replyTo(p.replyTo())
            .expiration(p.expiration());
    for (Map.Entry<String, Object> e : p.extra().entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      switch (e.getKey()) {
        case "message_id" -> builder.messageId(v.toString());
        case "type" -> builder.type(v.toString());
        case "user_id" -> builder.userId(v.toString());
        case "app_id" -> builder.appId(v.toString());
        case "cluster_id" -> builder.clusterId(v.toString());
        case "timestamp" -> builder.timestamp(timestamp(v));
        default -> {
          if (WARNED.add(e.getKey())) {
            LOG.debug("Property '{}' is not an AMQP property and is not sent (as py-amqp)",
                e.getKey());
          }
        }
      }
    }
    return new OrderedBasicProperties(builder.build(), headers);
  }

  /** A received message as the transport-neutral {@link TaskMessage}. */
  static TaskMessage message(AMQP.BasicProperties properties, byte[] body) {
    Map<String, Object> extra = new LinkedHashMap<>();
    putIfPresent(extra, "message_id", properties.getMessageId());
    putIfPresent(extra, "timestamp",
        properties.getTimestamp() == null ? null : properties.getTimestamp().toInstant());
    putIfPresent(extra, "type", properties.getType());
    putIfPresent(extra, "user_id", properties.getUserId());
    putIfPresent(extra, "app_id", properties.getAppId());
    putIfPresent(extra, "cluster_id", properties.getClusterId());
    Integer deliveryMode = properties.getDeliveryMode();
    MessageProperties messageProperties =
        new MessageProperties(
            properties.getCorrelationId(),
            properties.getReplyTo(),
            // AMQP: no delivery mode means a transient message.
            deliveryMode == null ? MessageProperties.TRANSIENT : deliveryMode,
            properties.getPriority(),
            properties.getExpiration(),
            extra);
    return new TaskMessage(
        properties.getContentType(),
        properties.getContentEncoding(),
        AmqpFieldValues.headersToJava(properties.getHeaders()),
        messageProperties,
        body == null ? new byte[0] : body);
  }

  private static Date timestamp(Object value) {
    if (value instanceof Date date) {
      return date;
    }
    if (value instanceof Instant instant) {
      return Date.from(instant);
    }
    if (value instanceof Number seconds) {
      return new Date(Math.round(seconds.doubleValue() * 1000));
    }
    return Date.from(Instant.parse(value.toString()));
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
