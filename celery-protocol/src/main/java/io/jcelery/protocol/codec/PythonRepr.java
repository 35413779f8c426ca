package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What {@code celery.utils.saferepr.saferepr} prints for a decoded tree: the {@code argsrepr} /
 * {@code kwargsrepr} headers and Celery's log lines. Behaviour reproduced from Celery 5.2.6:
 *
 * <ul>
 *   <li>Python literals: {@code None}, {@code True}, {@code 1e-07}, {@code 'text'}, {@code
 *       b'bytes'} (hex when not UTF-8); strings escape only {@code '} (no other escaping);
 *   <li>containers three levels deep print as {@code [...]} / {@code {...}};
 *   <li>with a limit, text is cut at the last space before the limit and ends in {@code ...}; once
 *       the limit is used up, {@code , ...} and the closing brackets still pending end the text,
 *       which can therefore be slightly longer than the limit.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class PythonRepr {

  /** Celery's {@code AMQP.argsrepr_maxsize} and {@code kwargsrepr_maxsize}. */
  public static final int REPR_MAXSIZE = 1024;

  /** A limit that is never reached, like Python's {@code maxlen=None}. */
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  private static final int MAX_LEVELS = 3;

  private static final Literal DICT_START = new Literal("{", false, +1);
  private static final Literal DICT_END = new Literal("}", false, -1);
  private static final Literal KV_SEP = new Literal(": ", true, 0);
  private static final Literal LIST_START = new Literal("[", false, +1);
  private static final Literal LIST_END = new Literal("]", false, -1);
  private static final Literal SEP = new Literal(", ", true, 0);
  private static final Literal TUPLE_START = new Literal("(", false, +1);
  private static final Literal TUPLE_END = new Literal(")", false, -1);
  private static final Literal TUPLE_END_SINGLE = new Literal(",)", false, -1);

  private PythonRepr() {}

  /** {@code saferepr(args, 1024)} of args as the producer's tuple: {@code (2, 3)}, {@code (1,)}. */
  public static String argsrepr(ArrayNode args) {
    return argsrepr(args, REPR_MAXSIZE);
  }

  /** As {@link #argsrepr(ArrayNode)} with another limit ({@link #NO_LIMIT} for none). */
  public static String argsrepr(ArrayNode args, int maxLength) {
    return render(new Tuple(args), maxLength);
  }

  /** {@code saferepr(kwargs, 1024)}: {@code {'x': 1}}. */
  public static String kwargsrepr(ObjectNode kwargs) {
    return saferepr(kwargs, REPR_MAXSIZE);
  }

  /** {@code saferepr(value)} without a limit; arrays print as lists. */
  public static String saferepr(JsonNode value) {
    return saferepr(value, NO_LIMIT);
  }

  /**
   * {@code saferepr(value, maxLength)}; arrays print as lists.
   *
   * @param maxLength positive limit in characters (code points), {@link #NO_LIMIT} for none
   */
  public static String saferepr(JsonNode value, int maxLength) {
    return render(value, maxLength);
  }

  private static String render(Object root, long maxLength) {
    Deque<Iterator<Object>> stack = new ArrayDeque<>();
    stack.push(List.of(root).iterator());
    StringBuilder out = new StringBuilder();
    long remaining = maxLength;
    int[] level = {0};
    Object token;
    while ((token = nextToken(stack, level)) != null) {
      if (remaining <= 0) {
        // Celery drops the token in hand, then closes whatever brackets are still pending.
        out.append(", ...");
        for (Iterator<Object> frame : stack) {
          frame.forEachRemaining(
              rest -> {
                if (rest instanceof Literal lit && !lit.truncatable) {
                  out.append(lit.value);
                }
              });
        }
        break;
      }
      String text = format(token, remaining);
      out.append(text);
      remaining -= text.codePointCount(0, text.length());
    }
    return out.toString();
  }

  /** The next printable token; containers are expanded in place (celery's {@code reprstream}). */
  private static Object nextToken(Deque<Iterator<Object>> stack, int[] level) {
    while (!stack.isEmpty()) {
      Iterator<Object> frame = stack.peek();
      if (!frame.hasNext()) {
        stack.pop();
        continue;
      }
      Object value = frame.next();
      if (value instanceof Literal lit) {
        level[0] += lit.direction;
        return lit;
      }
      if (value instanceof Key) {
        return value;
      }
      List<Object> parts = expand(value);
      if (parts == null) {
        return value;
      }
      if (level[0] >= MAX_LEVELS) {
        Literal start = (Literal) parts.get(0);
        Literal end = (Literal) parts.get(parts.size() - 1);
        return new Plain(start.value + "..." + end.value);
      }
      stack.push(parts.iterator());
    }
    return null;
  }

  /** The tokens of a container, or null for a scalar. */
  private static List<Object> expand(Object value) {
    if (value instanceof Tuple tuple) {
      List<Object> parts = items(TUPLE_START, tuple.items);
      parts.add(tuple.items.size() == 1 ? TUPLE_END_SINGLE : TUPLE_END);
      return parts;
    }
    if (value instanceof ArrayNode array) {
      List<Object> parts = items(LIST_START, array);
      parts.add(LIST_END);
      return parts;
    }
    if (value instanceof ObjectNode object) {
      List<Object> parts = new ArrayList<>(object.size() * 4 + 2);
      parts.add(DICT_START);
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        parts.add(new Key(field.getKey()));
        parts.add(KV_SEP);
        parts.add(field.getValue());
        if (it.hasNext()) {
          parts.add(SEP);
        }
      }
      parts.add(DICT_END);
      return parts;
    }
    return null;
  }

  private static List<Object> items(Literal start, ArrayNode array) {
    List<Object> parts = new ArrayList<>(array.size() * 2 + 2);
    parts.add(start);
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        parts.add(SEP);
      }
      parts.add(array.get(i));
    }
    return parts;
  }

  private static String format(Object token, long remaining) {
    if (token instanceof Literal lit) {
      return lit.value;
    }
    if (token instanceof Key key) {
      return quoted(key.name, remaining);
    }
    if (token instanceof Plain plain) {
      return truncate(plain.text, remaining);
    }
    JsonNode node = (JsonNode) token;
    if (node instanceof TextNode) {
      return quoted(node.textValue(), remaining);
    }
    if (node instanceof BinaryNode binary) {
      return bytesRepr(binary.binaryValue(), remaining);
    }
    return truncate(scalar(node), remaining);
  }

  private static String scalar(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return "None";
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "True" : "False";
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isBigDecimal()) {
      return "Decimal('" + node.decimalValue() + "')";
    }
    if (node.isNumber()) {
      return PythonFloat.repr(node.doubleValue());
    }
    return node.toString();
  }

  private static String quoted(String text, long remaining) {
    return "'" + truncate(text, remaining).replace("'", "\\'") + "'";
  }

  private static String bytesRepr(byte[] bytes, long remaining) {
    if (bytes.length > remaining) {
      return "b'" + bytesText(Arrays.copyOf(bytes, (int) remaining)) + "...'";
    }
    return "b'" + bytesText(bytes) + "'";
  }

  private static String bytesText(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return HexFormat.of().formatHex(bytes);
    }
  }

  /** celery.utils.text.truncate: cut at the last space before the limit, then add "...". */
  private static String truncate(String text, long maxLength) {
    int length = text.codePointCount(0, text.length());
    if (maxLength <= 0 || length < maxLength) {
      return text;
    }
    String head = text.substring(0, text.offsetByCodePoints(0, (int) maxLength));
    int space = head.lastIndexOf(' ');
    return (space >= 0 ? head.substring(0, space) : head) + "...";
  }

  private record Literal(String value, boolean truncatable, int direction) {}

  private record Key(String name) {}

  private record Plain(String text) {}

  private record Tuple(ArrayNode items) {}
}
