package io.jcelery.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.BodyCodec;
import io.jcelery.protocol.codec.BodyCodecs;
import io.jcelery.protocol.codec.Compressor;
import io.jcelery.protocol.codec.Compressors;
import io.jcelery.protocol.codec.PythonRepr;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.protocol.codec.ValueTree;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a protocol-2 task message as Celery's producer does: headers as {@code as_task_v2} ({@code
 * celery/app/amqp.py}), properties as {@code Celery.send_task} ({@code celery/app/base.py}) and
 * kombu's {@code Producer.publish} ({@code kombu/messaging.py}).
 *
 * <p>Differences: {@code lang} is {@code "java"}; {@code task_compression} is the default
 * compression (Celery 5.2.6 uses {@code result_compression}, fixed in 5.3); {@code
 * task_default_priority} applies to every task sent by name (Celery applies it in {@code
 * Task.apply_async} only).
 */
final class ComposeTaskMessage {

  private static final Logger LOG = LoggerFactory.getLogger(ComposeTaskMessage.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final CelerySettings settings;
  private final String origin;
  private final String replyTo;
  private final Clock clock;
  private final TaskMessageCodec codec;

  ComposeTaskMessage(CelerySettings settings, String origin, String replyTo, Clock clock) {
    this.settings = settings;
    this.origin = origin;
    this.replyTo = replyTo;
    this.clock = clock;
    this.codec = new TaskMessageCodec(AcceptContent.of(settings.acceptContent()));
    serializer(null);
    compressor(null);
  }

  TaskMessage compose(
      String taskId, String name, List<?> args, Map<String, ?> kwargs, SendOptions options) {
    ArrayNode argsTree = args == null ? NODES.arrayNode() : toArray(ValueTree.toTree(args));
    ObjectNode kwargsTree =
        kwargs == null ? NODES.objectNode() : toObject(ValueTree.toTree(kwargs));
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(settings.timezone()));

    String eta = null;
    if (options.countdown() != null && !options.countdown().isZero()) {
      eta = Iso8601.format(now.plus(options.countdown()));
    } else if (options.eta() != null) {
      eta = Iso8601.format(options.eta());
    }
    String expires = null;
    String expiration = null;
    if (options.expiresIn() != null) {
      expires = Iso8601.format(now.plus(options.expiresIn()));
      expiration = expiration(taskId, options.expiresIn());
    } else if (options.expiresAt() != null) {
      expires = Iso8601.format(options.expiresAt());
      expiration = expiration(taskId, Duration.between(now, options.expiresAt()));
    }

    TaskHeaders headers =
        new TaskHeaders(
            "java",
            name,
            taskId,
            options.shadow(),
            eta,
            expires,
            options.groupId(),
            options.groupIndex(),
            options.retries(),
            seconds(options.timeLimit()),
            seconds(options.softTimeLimit()),
            options.rootId() == null || options.rootId().isEmpty() ? taskId : options.rootId(),
            options.parentId(),
            options.argsrepr() != null ? options.argsrepr() : PythonRepr.argsrepr(argsTree),
            options.kwargsrepr() != null ? options.kwargsrepr() : PythonRepr.kwargsrepr(kwargsTree),
            origin,
            options.ignoreResult(),
            options.headers());
    Integer priority =
        options.priority() != null
            ? options.priority()
            : settings.taskDefaultPriority() != null ? settings.taskDefaultPriority() : 0;
    MessageProperties properties =
        new MessageProperties(
            taskId,
            options.replyTo() != null ? options.replyTo() : replyTo,
            settings.taskDefaultDeliveryMode(),
            priority,
            expiration,
            Map.of());
    TaskBody body =
        new TaskBody(
            argsTree,
            kwargsTree,
            new Embed(options.link(), options.linkError(), options.chain(), options.chord()));
    return codec.encode(
        headers,
        body,
        properties,
        serializer(options.serializer()),
        compressor(options.compression()));
  }

  /**
   * kombu's {@code expiration} property: {@code str(int(seconds * 1000))}; Celery's {@code
   * send_task} turns a negative time into 0 with a warning.
   */
  private static String expiration(String taskId, Duration left) {
    if (left.isNegative()) {
      LOG.warn(
          "{} has an expiration date in the past ({}s ago); the expiration is set to 0 instead",
          taskId,
          BigDecimal.valueOf(left.negated().toNanos(), 9).stripTrailingZeros().toPlainString());
      return "0";
    }
    return Long.toString(left.toMillis());
  }

  private static Double seconds(Duration duration) {
    return duration == null ? null : duration.toNanos() / 1e9;
  }

  private BodyCodec serializer(String name) {
    String serializer = name != null ? name : settings.taskSerializer();
    try {
      return BodyCodecs.byName(serializer);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "task_serializer", "Unknown task serializer '" + serializer + "': " + e.getMessage(), e);
    }
  }

  private Compressor compressor(String name) {
    String compression = name != null ? name : settings.taskCompression();
    if (compression == null || compression.isEmpty()) {
      return null;
    }
    try {
      return Compressors.byName(compression);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "task_compression", "Unknown compression '" + compression + "': " + e.getMessage(), e);
    }
  }

  private static ArrayNode toArray(JsonNode tree) {
    if (tree instanceof ArrayNode array) {
      return array;
    }
    throw new IllegalArgumentException("task args must be a list, got " + tree.getNodeType());
  }

  private static ObjectNode toObject(JsonNode tree) {
    if (tree instanceof ObjectNode object) {
      return object;
    }
    throw new IllegalArgumentException("task kwargs must be a mapping, got " + tree.getNodeType());
  }
}
