package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.ResultMeta;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The result meta a key-value backend stores ({@code celery/backends/base.py} {@code
 * _get_result_meta}) as a tree, with Celery 5.2.6's key order: status, result, traceback, children,
 * date_done, [group_id], [parent_id], [name, args, kwargs, worker, retries, queue], task_id. The
 * bracketed keys are written only when present. Serialize the tree with the result serializer's
 * {@link BodyCodec}.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ResultMetaCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResultMetaCodec() {}

  /** The meta dict in Celery's key order. */
  public static ObjectNode toTree(ResultMeta meta) {
    ObjectNode tree = NODES.objectNode();
    tree.put("status", meta.status());
    tree.set("result", meta.result() == null ? NODES.nullNode() : meta.result());
    tree.put("traceback", meta.traceback());
    tree.set("children", meta.children() == null ? NODES.arrayNode() : meta.children());
    tree.put("date_done", meta.dateDone());
    if (meta.groupId() != null) {
      tree.put("group_id", meta.groupId());
    }
    if (meta.parentId() != null) {
      tree.put("parent_id", meta.parentId());
    }
    ResultMeta.Extended extended = meta.extended();
    if (extended != null) {
      tree.put("name", extended.name());
      tree.set("args", extended.args() == null ? NODES.nullNode() : extended.args());
      tree.set("kwargs", extended.kwargs() == null ? NODES.nullNode() : extended.kwargs());
      tree.put("worker", extended.worker());
      tree.put("retries", extended.retries());
      tree.put("queue", extended.queue());
    }
    tree.put("task_id", meta.taskId());
    return tree;
  }

  /**
   * Reads a stored meta dict. Keys it does not know (newer Celery adds some) are ignored.
   *
   * @throws ProtocolException when the tree is not a dict with a string {@code status}
   */
  public static ResultMeta fromTree(JsonNode tree) {
    if (tree == null || !tree.isObject() || !tree.path("status").isTextual()) {
      throw new ProtocolException("Not a task result meta: " + CanvasTrees.describe(tree));
    }
    ResultMeta.Extended extended = null;
    if (tree.has("name") || tree.has("worker") || tree.has("queue")) {
      extended =
          new ResultMeta.Extended(
              text(tree, "name"),
              tree.get("args"),
              tree.get("kwargs"),
              text(tree, "worker"),
              tree.path("retries").asInt(0),
              text(tree, "queue"));
    }
    JsonNode children = tree.get("children");
    return new ResultMeta(
        tree.get("status").textValue(),
        tree.has("result") ? tree.get("result") : NODES.nullNode(),
        text(tree, "traceback"),
        children == null || children.isNull() ? NODES.arrayNode() : children,
        text(tree, "date_done"),
        text(tree, "group_id"),
        text(tree, "parent_id"),
        extended,
        text(tree, "task_id"));
  }

  /**
   * {@code date_done} as Celery 5.2.6 writes it: naive UTC {@code datetime.utcnow().isoformat()},
   * e.g. {@code 2024-05-06T10:11:12.123456}.
   */
  public static String dateDone(Instant instant) {
    return Iso8601.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  private static String text(JsonNode tree, String key) {
    JsonNode value = tree.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }
}
