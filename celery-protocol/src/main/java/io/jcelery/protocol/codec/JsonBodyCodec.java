package io.jcelery.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jcelery.protocol.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * kombu's {@code json} serializer. Writes like Python's {@code json.dumps} defaults (separators
 * {@code ", "} and {@code ": "}, {@code ensure_ascii}, floats as {@code repr}); reads raw UTF-8 and
 * unwraps kombu 5.3+ typed objects {@code {"__type__", "__value__"}} ({@code kombu/utils/json.py}
 * {@code object_hook}).
 */
final class JsonBodyCodec implements BodyCodec {

  static final String CONTENT_TYPE = "application/json";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final ObjectMapper reader =
      // Python's json has no size limits; keep Jackson's only against absurd nesting.
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  @Override
  public String name() {
    return "json";
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public String contentEncoding() {
    return "utf-8";
  }

  @Override
  public JsonNode decode(byte[] payload) {
    JsonNode tree;
    try {
      tree = reader.readTree(payload);
    } catch (IOException e) {
      throw new ProtocolException("Cannot decode json payload: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ProtocolException("Cannot decode json payload: empty document");
    }
    return unwrapTypes(tree);
  }

  @Override
  public byte[] encode(JsonNode tree) {
    StringBuilder out = new StringBuilder(128);
    write(tree, out);
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case NULL, MISSING -> out.append("null");
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          out.append(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
          // kombu 5.2.4 writes Decimal as str(); a decimal node only appears from hand-built trees.
          writeString(node.decimalValue().toString(), out);
        } else {
          out.append(PythonFloat.json(node.doubleValue()));
        }
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        out.append('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (!first) {
            out.append(", ");
          }
          first = false;
          writeString(field.getKey(), out);
          out.append(": ");
          write(field.getValue(), out);
        }
        out.append('}');
      }
      case BINARY ->
          // Same failure as kombu 5.2.4, which has no JSON form for bytes.
          throw new ProtocolException("Object of type bytes is not JSON serializable");
      case POJO ->
          throw new ProtocolException(
              "Object of type " + node.getClass().getSimpleName() + " is not JSON serializable");
    }
  }

  /** Python's {@code ensure_ascii} string form: only printable ASCII is written as is. */
  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append(c);
          } else {
            // Astral characters are already two UTF-16 units, which is exactly Python's
            // surrogate-pair escape.
            out.append("\\u")
                .append(HEX[c >> 12 & 0xf])
                .append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }

  /** Replaces kombu 5.3+ {@code {"__type__", "__value__"}} objects, innermost first. */
  private static JsonNode unwrapTypes(JsonNode node) {
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isContainerNode()) {
          array.set(i, unwrapTypes(child));
        }
      }
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = (ObjectNode) node;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isContainerNode()) {
        field.setValue(unwrapTypes(field.getValue()));
      }
    }
    if (object.size() == 2 && object.has("__type__") && object.has("__value__")) {
      return typed(object.get("__type__").asText(), object.get("__value__"));
    }
    return object;
  }

  private static JsonNode typed(String type, JsonNode value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (type) {
      case "datetime", "date", "time", "decimal", "bytes" -> {
        return TextNode.valueOf(requireText(type, value));
      }
      case "uuid" -> {
        JsonNode hex = value.get("hex");
        if (hex == null || !hex.isTextual()) {
          throw new ProtocolException("Cannot decode json payload: uuid marker without hex");
        }
        return TextNode.valueOf(canonicalUuid(hex.textValue()));
      }
      case "base64" -> {
        try {
          return nodes.binaryNode(Base64.getDecoder().decode(requireText(type, value)));
        } catch (IllegalArgumentException e) {
          throw new ProtocolException("Cannot decode json payload: bad base64 value", e);
        }
      }
      default ->
          throw new ProtocolException(
              "Cannot decode json payload: unsupported type marker '" + type + "'");
    }
  }

  private static String requireText(String type, JsonNode value) {
    if (!value.isTextual()) {
      throw new ProtocolException(
          "Cannot decode json payload: " + type + " marker holds " + value.getNodeType());
    }
    return value.textValue();
  }

  private static String canonicalUuid(String hex) {
    String digits = hex.replace("-", "").replace("{", "").replace("}", "").toLowerCase();
    if (digits.startsWith("urn:uuid:")) {
      digits = digits.substring(9);
    }
    if (!digits.matches("[0-9a-f]{32}")) {
      throw new ProtocolException("Cannot decode json payload: bad uuid hex '" + hex + "'");
    }
    return digits.substring(0, 8)
        + '-'
        + digits.substring(8, 12)
        + '-'
        + digits.substring(12, 16)
        + '-'
        + digits.substring(16, 20)
        + '-'
        + digits.substring(20);
  }
}
