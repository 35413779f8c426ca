package io.jcelery.transport.amqp;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import io.jcelery.transport.TransportException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts AMQP field-table values (message headers) to the plain Java values of {@link
 * io.jcelery.protocol.TaskMessage#headers()} and back, with py-amqp's typing ({@code
 * amqp/serialization.py} {@code _read_item}, {@code _write_item}) so both sides see the same
 * values.
 *
 * <table>
 *   <caption>Field types</caption>
 *   <tr><th>AMQP</th><th>py-amqp</th><th>Java, read</th><th>Java, written as</th></tr>
 *   <tr><td>S long string</td><td>str, bytes</td><td>String (byte[] when not UTF-8)</td>
 *       <td>String, CharSequence, byte[]</td></tr>
 *   <tr><td>I / l (and b, B, s, u, i)</td><td>int</td><td>Integer / Long</td>
 *       <td>any integral type: I within 32 bits, else l</td></tr>
 *   <tr><td>d, f</td><td>float</td><td>Double</td><td>Double, Float</td></tr>
 *   <tr><td>t</td><td>bool</td><td>Boolean</td><td>Boolean</td></tr>
 *   <tr><td>D</td><td>Decimal</td><td>BigDecimal</td><td>BigDecimal</td></tr>
 *   <tr><td>T</td><td>datetime</td><td>Instant</td>
 *       <td>Instant, Date, Offset/ZonedDateTime</td></tr>
 *   <tr><td>F</td><td>dict</td><td>Map (LinkedHashMap)</td><td>Map (keys as text)</td></tr>
 *   <tr><td>A</td><td>list, tuple</td><td>List</td><td>List, Collection, Object[]</td></tr>
 *   <tr><td>V</td><td>None</td><td>null</td><td>null</td></tr>
 *   <tr><td>x byte array</td><td>bytes</td><td>byte[]</td>
 *       <td>(written as S, like py-amqp)</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
final class AmqpFieldValues {

  private AmqpFieldValues() {}

  /** A received header table as plain Java values; null gives an empty map. */
  static Map<String, Object> headersToJava(Map<String, Object> table) {
    Map<String, Object> headers = new LinkedHashMap<>();
    if (table != null) {
      table.forEach((key, value) -> headers.put(key, toJava(value)));
    }
    return headers;
  }

  /**
   * Headers to send as an AMQP field table; an empty map gives an empty table, as kombu always
   * passes its headers dict to py-amqp.
   *
   * @throws TransportException naming the header when a value has no AMQP field type
   */
  static Map<String, Object> headersToAmqp(Map<String, Object> headers) {
    Map<String, Object> table = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((key, value) -> table.put(key, toAmqp(key, value)));
    }
    return table;
  }

  /** One received field value as a plain Java value. */
  static Object toJava(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof BigDecimal
        || value instanceof byte[]) {
      return value;
    }
    if (value instanceof LongString s) {
      return text(s.getBytes());
    }
    if (value instanceof Byte || value instanceof Short) {
      return ((Number) value).intValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Date d) {
      return d.toInstant();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> converted.put(String.valueOf(k), toJava(v)));
      return converted;
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>(list.size());
      for (Object item : list) {
        converted.add(toJava(item));
      }
      return converted;
    }
    return value;
  }

  /**
   * One Java value as the field value py-amqp would write for its Python counterpart.
   *
   * @param name the header it belongs to, for the error message
   * @throws TransportException when the value has no AMQP field type
   */
  static Object toAmqp(String name, Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof LongString) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return integral(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      if (big.bitLength() > 63) {
        throw new TransportException(
            "Header '" + name + "' is too large for an AMQP 64-bit integer: " + big);
      }
      return integral(big.longValue());
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return LongStringHelper.asLongString(bytes);
    }
    if (value instanceof Instant instant) {
      return Date.from(instant);
    }
    if (value instanceof Date date) {
      return date;
    }
    if (value instanceof OffsetDateTime time) {
      return Date.from(time.toInstant());
    }
    if (value instanceof ZonedDateTime time) {
      return Date.from(time.toInstant());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> table = new LinkedHashMap<>();
      map.forEach((k, v) -> table.put(String.valueOf(k), toAmqp(name, v)));
      return table;
    }
    if (value instanceof Collection<?> items) {
      List<Object> array = new ArrayList<>(items.size());
      for (Object item : items) {
        array.add(toAmqp(name, item));
      }
      return array;
    }
    if (value instanceof Object[] items) {
      return toAmqp(name, Arrays.asList(items));
    }
    throw new TransportException(
        "Header '" + name + "' has a value of type " + value.getClass().getName()
            + " that an AMQP field table cannot carry");
  }

  /** py-amqp writes an int within ±(2^31 - 1) as a 32-bit {@code I}, else as 64 bits. */
  private static Object integral(long value) {
    boolean fits = value >= -Integer.MAX_VALUE && value <= Integer.MAX_VALUE;
    return fits ? (Object) (int) value : value;
  }

  /** A long string is text when it is valid UTF-8 (py-amqp decodes it), else the bytes. */
  private static Object text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return bytes;
    }
  }
}
