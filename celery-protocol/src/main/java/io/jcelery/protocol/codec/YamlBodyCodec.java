package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * kombu's {@code yaml} serializer ({@code yaml.safe_dump} / {@code yaml.safe_load}). Uses
 * SnakeYAML, the engine under jackson-dataformat-yaml and a port of PyYAML, so both sides resolve
 * plain scalars with the same YAML 1.1 rules. {@code !!binary} reads as a binary node; timestamps
 * read as the text Python's {@code isoformat()} gives for the loaded {@code date}/{@code datetime}.
 * Output looks like {@code safe_dump}'s: block style, sorted keys, non-ASCII escaped, floats as
 * PyYAML writes them.
 */
final class YamlBodyCodec implements BodyCodec {

  private static final int CODE_POINT_LIMIT = 256 * 1024 * 1024;
  private static final int NESTING_LIMIT = 1000;

  @Override
  public String name() {
    return "yaml";
  }

  @Override
  public String contentType() {
    return "application/x-yaml";
  }

  @Override
  public String contentEncoding() {
    return "utf-8";
  }

  @Override
  public JsonNode decode(byte[] payload) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setCodePointLimit(CODE_POINT_LIMIT);
    options.setNestingDepthLimit(NESTING_LIMIT);
    Object value;
    try {
      value = new Yaml(new PythonSafeConstructor(options)).load(new ByteArrayInputStream(payload));
    } catch (YAMLException | IllegalArgumentException | DateTimeException e) {
      throw new ProtocolException("Cannot decode yaml payload: " + e.getMessage(), e);
    }
    return toNode(value);
  }

  @Override
  public byte[] encode(JsonNode tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setAllowUnicode(false);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    Yaml yaml =
        new Yaml(
            new SafeConstructor(new LoaderOptions()),
            new PythonRepresenter(options),
            options,
            new LoaderOptions(),
            new PythonResolver());
    try {
      return yaml.dump(toJava(tree)).getBytes(StandardCharsets.UTF_8);
    } catch (YAMLException e) {
      throw new ProtocolException("Cannot encode yaml payload: " + e.getMessage(), e);
    }
  }

  private static JsonNode toNode(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null) {
      return nodes.nullNode();
    } else if (value instanceof String s) {
      return nodes.textNode(s);
    } else if (value instanceof Boolean b) {
      return nodes.booleanNode(b);
    } else if (value instanceof Integer i) {
      return nodes.numberNode(i);
    } else if (value instanceof Long l) {
      return nodes.numberNode(l);
    } else if (value instanceof BigInteger b) {
      return nodes.numberNode(b);
    } else if (value instanceof Number n) {
      return nodes.numberNode(n.doubleValue());
    } else if (value instanceof byte[] bytes) {
      return nodes.binaryNode(bytes);
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toNode(v)));
      return object;
    } else if (value instanceof Collection<?> items) {
      ArrayNode array = nodes.arrayNode();
      items.forEach(item -> array.add(toNode(item)));
      return array;
    } else if (value instanceof Object[] items) {
      ArrayNode array = nodes.arrayNode();
      for (Object item : items) {
        array.add(toNode(item));
      }
      return array;
    }
    return nodes.textNode(value.toString());
  }

  private static Object toJava(JsonNode node) {
    switch (node.getNodeType()) {
      case NULL, MISSING -> {
        return null;
      }
      case BOOLEAN -> {
        return node.booleanValue();
      }
      case STRING -> {
        return node.textValue();
      }
      case BINARY -> {
        return ((BinaryNode) node).binaryValue();
      }
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        return node.isBigDecimal() ? node.decimalValue().toString() : (Object) node.doubleValue();
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(toJava(item)));
        return list;
      }
      case OBJECT -> {
        // safe_dump sorts keys (sort_keys=True).
        Map<String, Object> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          map.put(field.getKey(), toJava(field.getValue()));
        }
        return map;
      }
      default -> throw new ProtocolException("Cannot encode " + node.getNodeType() + " as yaml");
    }
  }

  /** SafeConstructor whose timestamps become Python's isoformat text instead of java.util.Date. */
  private static final class PythonSafeConstructor extends SafeConstructor {
    // PyYAML resolver.py / constructor.py timestamp grammar.
    private static final Pattern TIMESTAMP =
        Pattern.compile(
            "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
                + "(?:(?:[Tt]|[ \\t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]*))?"
                + "(?:[ \\t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$");

    PythonSafeConstructor(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructTimestampText());
    }

    private final class ConstructTimestampText extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        String text = constructScalar((ScalarNode) node);
        Matcher m = TIMESTAMP.matcher(text.trim());
        if (!m.matches()) {
          throw new YAMLException("Unexpected timestamp: " + text);
        }
        LocalDate date =
            LocalDate.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
        if (m.group(4) == null) {
          return date.toString();
        }
        String fraction = m.group(7) == null ? "" : m.group(7);
        int micros = Integer.parseInt((fraction + "000000").substring(0, 6));
        LocalDateTime local =
            date.atTime(
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)),
                micros * 1000);
        if (m.group(8) == null) {
          return Iso8601.format(local);
        }
        if (m.group(9) == null) {
          return Iso8601.format(local.atOffset(ZoneOffset.UTC));
        }
        int minutes =
            Integer.parseInt(m.group(10)) * 60
                + (m.group(11) == null ? 0 : Integer.parseInt(m.group(11)));
        int sign = m.group(9).equals("-") ? -1 : 1;
        return Iso8601.format(local.atOffset(ZoneOffset.ofTotalSeconds(sign * minutes * 60)));
      }
    }
  }

  /**
   * SnakeYAML's resolver plus PyYAML's own implicit patterns ({@code yaml/resolver.py}), so that
   * every string PyYAML would read as something else (say {@code =} or {@code 0b_}) is quoted.
   */
  private static final class PythonResolver extends Resolver {
    PythonResolver() {
      addImplicitResolver(
          Tag.BOOL,
          Pattern.compile(
              "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
                  + "|on|On|ON|off|Off|OFF)$"),
          "yYnNtTfFoO");
      addImplicitResolver(
          Tag.FLOAT,
          Pattern.compile(
              "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                  + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                  + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                  + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
          "-+0123456789.");
      addImplicitResolver(
          Tag.INT,
          Pattern.compile(
              "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)"
                  + "|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"),
          "-+0123456789");
      addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL|)$"), "~nN");
      addImplicitResolver(
          Tag.TIMESTAMP,
          Pattern.compile(
              "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                  + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                  + "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
                  + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"),
          "0123456789");
      addImplicitResolver(new Tag("tag:yaml.org,2002:value"), Pattern.compile("^(?:=)$"), "=");
    }
  }

  /** Representer that writes floats as PyYAML's {@code represent_float} does. */
  private static final class PythonRepresenter extends Representer {
    PythonRepresenter(DumperOptions options) {
      super(options);
      Represent floats =
          data -> representScalar(Tag.FLOAT, PythonFloat.yaml(((Number) data).doubleValue()));
      this.representers.put(Double.class, floats);
      this.representers.put(Float.class, floats);
    }
  }
}
