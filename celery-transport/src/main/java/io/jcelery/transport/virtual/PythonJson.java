package io.jcelery.transport.virtual;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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

  private static final JsonFactory WRITER_FACTORY =
      new JsonFactoryBuilder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .characterEscapes(new PythonEscapes())
          .build();

  private static final ObjectMapper READER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

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
    try {
      return READER.readValue(text, Object.class);
    } catch (IOException e) {
      throw new TransportException("Not a JSON document: " + e.getMessage(), e);
    }
  }

  /**
   * Python's {@code repr(float)}: the shortest text that reads back to the same double, in fixed
   * notation when the decimal exponent is in [-4, 16), with {@code .0} added to whole numbers.
   */
  static String pythonFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    // Schubfach gives the shortest round-trip digits (Java 17's Double.toString does not always).
    BigDecimal shortest = new BigDecimal(NumberOutput.toString(value, true)).stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int decpt = digits.length() - shortest.scale(); // value = 0.DIGITS x 10^decpt
    StringBuilder sb = new StringBuilder(24);
    if (shortest.signum() < 0) {
      sb.append('-');
    }
    if (decpt <= -4 || decpt > 16) { // Python's float_repr_style 'short' switch to exponent
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = decpt - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      sb.append(abs);
    } else if (decpt <= 0) {
      sb.append("0.").append("0".repeat(-decpt)).append(digits);
    } else if (decpt >= digits.length()) {
      sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
    } else {
      sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
    }
    return sb.toString();
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
      gen.writeNumber(pythonFloat(((Number) value).doubleValue()));
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
      gen.writeNumber(pythonFloat(n.doubleValue()));
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
