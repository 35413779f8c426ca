package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.ExceptionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Exceptions as Celery stores them for non-pickle serializers ({@code celery/backends/base.py}
 * {@code prepare_exception}): {@code {"exc_type", "exc_message", "exc_module"}}.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ExceptionTrees {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ExceptionTrees() {}

  /**
   * Describes a Java exception the way Python sees a foreign exception class: the simple class name
   * as {@code exc_type} (Python's {@code exception_to_python} synthesises a class of that name),
   * the package as {@code exc_module}, and {@code [message]} (or {@code []} without a message) as
   * {@code exc_message}.
   */
  public static ExceptionInfo of(Throwable throwable) {
    Class<?> type = throwable.getClass();
    String name = type.getSimpleName();
    if (name.isEmpty()) {
      // Anonymous and hidden classes have no simple name; use the binary name's last segment.
      name = type.getName().substring(type.getName().lastIndexOf('.') + 1);
    }
    String message = throwable.getMessage();
    JsonNode excMessage = message == null ? NODES.arrayNode() : NODES.arrayNode(1).add(message);
    return new ExceptionInfo(name, excMessage, type.getPackageName());
  }

  /** The Java stack trace, causes included, as {@code printStackTrace} prints it. */
  public static String traceback(Throwable throwable) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      throwable.printStackTrace(out);
    }
    return text.toString();
  }

  /** The exception dict, keys in Celery's order: exc_type, exc_message, exc_module. */
  public static ObjectNode toTree(ExceptionInfo info) {
    ObjectNode tree = NODES.objectNode();
    tree.put("exc_type", info.excType());
    tree.set("exc_message", info.excMessage() == null ? NODES.nullNode() : info.excMessage());
    tree.put("exc_module", info.excModule());
    return tree;
  }

  /**
   * Reads an exception dict, as {@code exception_to_python} does.
   *
   * @param tree any stored result; may be null
   * @return the exception, or null when the tree is not a dict with a string {@code exc_type} and
   *     an {@code exc_message}
   */
  public static ExceptionInfo fromTree(JsonNode tree) {
    if (tree == null
        || !tree.isObject()
        || !tree.path("exc_type").isTextual()
        || !tree.has("exc_message")) {
      return null;
    }
    JsonNode module = tree.get("exc_module");
    return new ExceptionInfo(
        tree.get("exc_type").textValue(),
        tree.get("exc_message"),
        module == null || module.isNull() ? null : module.asText());
  }
}
