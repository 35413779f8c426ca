package io.jcelery.protocol.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a protocol-1 message (everything in a body dict, see {@code as_task_v1}) into the
 * protocol-2 shape, as the 5.2.6 worker does in {@code celery/worker/strategy.py} ({@code
 * proto1_to_proto2}, and {@code hybrid_to_proto2} for a v1-style body sent with v2 headers):
 *
 * <ul>
 *   <li>header fields are taken from the body, then the message's own headers override them;
 *   <li>{@code taskset} (legacy) becomes {@code group};
 *   <li>the embed gets the body's {@code callbacks}, {@code errbacks} and {@code chord}, and {@code
 *       chain = null} (protocol 1 has no chain field);
 *   <li>the body's {@code utc} flag (default true) says how to read naive {@code eta} values.
 * </ul>
 *
 * <p>{@code argsrepr} / {@code kwargsrepr} are kept when the body has them and left null otherwise;
 * the caller computes them ({@code proto1_to_proto2} uses {@code saferepr(args)}), which keeps this
 * package free of the codec package.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ProtocolOneUpgrade {

  private ProtocolOneUpgrade() {}

  /**
   * A message upgraded to protocol 2.
   *
   * @param headers protocol-2 header map (plain Java values), message headers merged in
   * @param body {@code [args, kwargs, embed]}
   * @param utc whether naive eta/expires values are UTC (the v1 {@code utc} field)
   */
  public record Upgraded(Map<String, Object> headers, ArrayNode body, boolean utc) {}

  /**
   * Upgrades a protocol-1 (or hybrid) body.
   *
   * @param body the decoded body dict; not modified
   * @param messageHeaders the message's application headers; may be empty, not null
   * @throws InvalidTaskException when args is not a list or kwargs not a dict
   */
  public static Upgraded upgrade(ObjectNode body, Map<String, Object> messageHeaders) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonNode args = body.has("args") ? body.get("args") : nodes.arrayNode();
    JsonNode kwargs = body.has("kwargs") ? body.get("kwargs") : nodes.objectNode();
    if (!args.isArray()) {
      throw new InvalidTaskException("Task args must be a list");
    }
    if (!kwargs.isObject()) {
      throw new InvalidTaskException("Task keyword arguments must be a mapping");
    }

    Map<String, Object> headers = new LinkedHashMap<>();
    for (String key : TaskHeaders.NAMES) {
      headers.put(key, plain(body.get(key)));
    }
    JsonNode taskset = body.get("taskset");
    if (taskset != null && !taskset.isNull()) {
      headers.put("group", plain(taskset));
    }
    if (headers.get("retries") == null) {
      headers.put("retries", 0);
    }
    if (headers.get("timelimit") == null) {
      headers.put("timelimit", Arrays.asList(null, null));
    }
    headers.putAll(messageHeaders);
    headers.remove(TaskMessage.COMPRESSION_HEADER);

    ObjectNode embed = nodes.objectNode();
    embed.set("callbacks", orNull(body.get("callbacks")));
    embed.set("errbacks", orNull(body.get("errbacks")));
    embed.set("chain", nodes.nullNode());
    embed.set("chord", orNull(body.get("chord")));
    ArrayNode upgradedBody = nodes.arrayNode(3).add(args).add(kwargs).add(embed);
    return new Upgraded(headers, upgradedBody, body.path("utc").asBoolean(true));
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null ? JsonNodeFactory.instance.nullNode() : node;
  }

  /** The plain Java value of a header taken from the body (see {@link TaskMessage#headers()}). */
  private static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), plain(f.getValue())));
      return map;
    }
    return node.toString();
  }
}
