package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.Signature;
import io.jcelery.protocol.TaskBody;
import java.util.ArrayList;
import java.util.List;

/**
 * Trees of the canvas parts of a task message: signatures ({@code celery/canvas.py} {@code
 * Signature}, a dict of task, args, kwargs, options, subtask_type, immutable), the embed ({@code
 * callbacks, errbacks, chain, chord}) and the protocol-2 body {@code [args, kwargs, embed]}, with
 * keys in the order Python writes them.
 *
 * <p>Reading is tolerant where Celery is ({@code Signature.from_dict}): missing args, kwargs,
 * options and immutable take their defaults, extra keys are ignored. A part of the wrong shape
 * throws {@link InvalidTaskException}. Trees are shared, not copied.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class CanvasTrees {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CanvasTrees() {}

  /**
   * The signature dict: {@code {"task", "args", "kwargs", "options", "subtask_type", "immutable"}}.
   */
  public static ObjectNode signatureToTree(Signature signature) {
    ObjectNode tree = NODES.objectNode();
    tree.put("task", signature.task());
    tree.set("args", signature.args());
    tree.set("kwargs", signature.kwargs());
    tree.set("options", signature.options());
    tree.put("subtask_type", signature.subtaskType());
    tree.put("immutable", signature.immutable());
    return tree;
  }

  /**
   * Reads a signature dict.
   *
   * @throws InvalidTaskException when the tree is not a dict or a part has the wrong type
   */
  public static Signature signatureFromTree(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new InvalidTaskException("A signature must be a dict, got " + describe(tree));
    }
    return new Signature(
        optionalText(tree, "task"),
        optional(tree, "args", ArrayNode.class, "a list"),
        optional(tree, "kwargs", ObjectNode.class, "a dict"),
        optional(tree, "options", ObjectNode.class, "a dict"),
        optionalText(tree, "subtask_type"),
        tree.path("immutable").asBoolean(false));
  }

  /** The embed dict, keys in {@code as_task_v2} order: callbacks, errbacks, chain, chord. */
  public static ObjectNode embedToTree(Embed embed) {
    ObjectNode tree = NODES.objectNode();
    tree.set("callbacks", signaturesToTree(embed.callbacks()));
    tree.set("errbacks", signaturesToTree(embed.errbacks()));
    tree.set("chain", signaturesToTree(embed.chain()));
    tree.set("chord", embed.chord() == null ? NODES.nullNode() : signatureToTree(embed.chord()));
    return tree;
  }

  /**
   * Reads the embed dict; null, a null node or a missing node give {@link Embed#EMPTY}.
   *
   * @throws InvalidTaskException when the tree or a part has the wrong shape
   */
  public static Embed embedFromTree(JsonNode tree) {
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      return Embed.EMPTY;
    }
    if (!tree.isObject()) {
      throw new InvalidTaskException("Task embed must be a dict, got " + describe(tree));
    }
    JsonNode chord = tree.get("chord");
    return new Embed(
        signatures(tree, "callbacks"),
        signatures(tree, "errbacks"),
        signatures(tree, "chain"),
        chord == null || chord.isNull() ? null : signatureFromTree(chord));
  }

  /** The protocol-2 body {@code [args, kwargs, embed]}. */
  public static ArrayNode bodyToTree(TaskBody body) {
    ArrayNode tree = NODES.arrayNode(3);
    tree.add(body.args());
    tree.add(body.kwargs());
    tree.add(embedToTree(body.embed()));
    return tree;
  }

  /**
   * Reads a protocol-2 body: {@code [args, kwargs, embed]}, where embed may be null or missing.
   *
   * @throws InvalidTaskException when args is not a list, kwargs not a dict, and so on
   */
  public static TaskBody bodyFromTree(JsonNode tree) {
    if (tree == null || !tree.isArray() || tree.size() < 2 || tree.size() > 3) {
      throw new InvalidTaskException(
          "Task body must be [args, kwargs, embed], got " + describe(tree));
    }
    JsonNode args = tree.get(0);
    JsonNode kwargs = tree.get(1);
    if (!args.isArray()) {
      throw new InvalidTaskException("Task args must be a list, got " + describe(args));
    }
    if (!kwargs.isObject()) {
      throw new InvalidTaskException(
          "Task keyword arguments must be a mapping, got " + describe(kwargs));
    }
    return new TaskBody((ArrayNode) args, (ObjectNode) kwargs, embedFromTree(tree.get(2)));
  }

  private static JsonNode signaturesToTree(List<Signature> signatures) {
    if (signatures == null) {
      return NODES.nullNode();
    }
    ArrayNode array = NODES.arrayNode(signatures.size());
    signatures.forEach(s -> array.add(signatureToTree(s)));
    return array;
  }

  private static List<Signature> signatures(JsonNode embed, String key) {
    JsonNode value = embed.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new InvalidTaskException("Embed " + key + " must be a list, got " + describe(value));
    }
    List<Signature> result = new ArrayList<>(value.size());
    value.forEach(item -> result.add(signatureFromTree(item)));
    return result;
  }

  private static String optionalText(JsonNode tree, String key) {
    JsonNode value = tree.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidTaskException(
          "Signature " + key + " must be a string, got " + describe(value));
    }
    return value.textValue();
  }

  private static <T extends JsonNode> T optional(
      JsonNode tree, String key, Class<T> type, String expected) {
    JsonNode value = tree.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new InvalidTaskException(
          "Signature " + key + " must be " + expected + ", got " + describe(value));
    }
    return type.cast(value);
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase()
        + " "
        + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
  }
}
