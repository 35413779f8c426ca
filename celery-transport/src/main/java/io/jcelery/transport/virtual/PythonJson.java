package io.jcelery.transport.virtual;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.jcelery.protocol.codec.PythonFloat;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps} writes it with its defaults, which is what
 * kombu's {@code kombu/utils/json.py} {@code dumps} uses for every Redis list element, unacked
 * entry and filesystem message: separators {@code ", "} and {@code ": "}, every character outside
 * printable ASCII escaped as lower-case {@code \\uXXXX} (astral characters as surrogate pairs),
 * floats as Python's {@code repr}. Reading gives plain Java values in document order.
 *
 * <p>Values written: {@code Map} (string keys, in iteration order), {@code List}, {@code String},
 * {@code Boolean}, integral {@code Number}s, {@code Double}/{@code Float}/{@code BigDecimal} and
 * null. Values read: {@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Boolean},
 * {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, null.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class PythonJson {

  private static final int LONG_TEXT = 0x8000;
  private static final JsonFactory WRITER_FACTORY =
      new JsonFactoryBuilder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .characterEscapes(new PythonEscapes())
          .build();

  private static final JsonFactory READER_FACTORY =
      new JsonFactoryBuilder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private PythonJson() {}

  /** Writes a tree of plain Java values as {@code json.dumps} would. */
  public static String write(Object value) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator gen = WRITER_FACTORY.createGenerator(out)) {
      gen.setPrettyPrinter(PythonSeparators.INSTANCE);
      writeValue(gen, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A JSON string literal, quotes included, as {@code json.dumps(text)} writes it. */
  public static String quote(String text) {
    return write(text);
  }

  /**
   * Parses JSON text into plain Java values (objects keep their key order).
   *
   * @throws TransportException when the text is not JSON
   */
  public static Object read(String text) {
    // Straight from the token stream: the same values Jackson's untyped deserializer builds,
    // without a deserialization context per message (envelopes are read once per delivery).
    try (JsonParser parser = parser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new TransportException("Not a JSON document: no content");
      }
      return readValue(parser, first);
    } catch (IOException e) {
      throw new TransportException("Not a JSON document: " + e.getMessage(), e);
    }
  }

  /**
   * Jackson reads a text longer than 32 K chars through a Reader in small chunks, and then builds
   * every string that crosses a chunk char by char; a kombu envelope with a large base64 body is
   * such a text. Its chars in one array are read in place.
   */
  private static JsonParser parser(String text) throws IOException {
    return text.length() > LONG_TEXT
        ? READER_FACTORY.createParser(text.toCharArray())
        : READER_FACTORY.createParser(text);
  }

  private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          map.put(key, readValue(parser, parser.nextToken()));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          list.add(readValue(parser, next));
        }
        return list;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT -> {
        return parser.getNumberValue(); // Integer, Long or BigInteger, the smallest that fits
      }
      case VALUE_NUMBER_FLOAT -> {
        return parser.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }

  private static void writeValue(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      gen.writeNumber(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      gen.writeNumber(PythonFloat.json(((Number) value).doubleValue()));
    } else if (value instanceof BigDecimal d) {
      gen.writeNumber(d.toString());
    } else if (value instanceof Map<?, ?> map) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        gen.writeFieldName(String.valueOf(e.getKey()));
        writeValue(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (value instanceof List<?> list) {
      gen.writeStartArray();
      for (Object item : list) {
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof Number n) {
      gen.writeNumber(PythonFloat.json(n.doubleValue()));
    } else {
      throw new TransportException(
          "Cannot write a " + value.getClass().getName() + " as kombu JSON: " + value);
    }
  }

  /** {@code json.dumps} default separators: a space after every comma and colon. */
  private static final class PythonSeparators extends MinimalPrettyPrinter {
    static final PythonSeparators INSTANCE = new PythonSeparators();
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }

  /**
   * Jackson's standard escapes equal Python's ({@code \\b \\f \\n \\r \\t}, {@code \\uXXXX} for
   * other control characters) except for DEL, which Python's {@code ensure_ascii} also escapes.
   */
  private static final class PythonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    PythonEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
