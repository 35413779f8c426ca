package io.jcelery.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jcelery.protocol.Iso8601;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Date;
import java.util.function.Function;

/**
 * The one mapping between Java values and the neutral Jackson tree that every {@link BodyCodec}
 * reads and writes. Java values are turned into what kombu 5.2.4's JSON encoder makes of the
 * matching Python values ({@code kombu/utils/json.py} {@code JSONEncoder.default}):
 *
 * <ul>
 *   <li>{@link OffsetDateTime}, {@link ZonedDateTime}, {@link Instant}, {@link Date}: ISO text as
 *       {@code isoformat()}, a UTC offset written as {@code Z} ({@code 2024-05-06T07:08:09Z});
 *   <li>{@link LocalDateTime}: naive ISO text; {@link LocalDate}: midnight, {@code
 *       2024-05-06T00:00:00}; {@link LocalTime} / {@link OffsetTime}: {@code time.isoformat()};
 *   <li>{@link java.util.UUID} and {@link BigDecimal}: their text, like Python's {@code str()};
 *   <li>{@code byte[]}: a binary node (msgpack bin, yaml {@code !!binary}; json refuses it as kombu
 *       5.2 does);
 *   <li>records, POJOs, maps, lists and arrays as Jackson maps them.
 * </ul>
 *
 * <p>Reading back ({@link #fromTree}) accepts what Python producers send: ISO text with {@code Z},
 * {@code +00:00} or no offset (then UTC) for every time type, a date-time for {@link LocalDate},
 * strings for {@link java.util.UUID} and {@link BigDecimal}, and text for {@code byte[]} (its UTF-8
 * bytes, as kombu 5.3's {@code bytes} marker carries them). Unknown properties are ignored; a null
 * for a primitive and a float for an integer are refused.
 *
 * <p>Thread-safe; the mapper is shared and must not be reconfigured (use {@code mapper().copy()}).
 *
 * @since 0.1
 */
public final class ValueTree {

  private static final DateTimeFormatter LENIENT_ISO =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  private static final DateTimeFormatter LENIENT_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .toFormatter();

  private static final ObjectMapper MAPPER = build();

  private ValueTree() {}

  /** The shared mapper. Do not reconfigure it; {@code copy()} it to customise. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Maps a Java value to the neutral tree.
   *
   * @param value any value; null gives a null node
   * @throws IllegalArgumentException when Jackson cannot map the value
   */
  public static JsonNode toTree(Object value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot map a value of " + value.getClass().getName() + " to a tree: " + e.getMessage(),
          e);
    }
  }

  /**
   * Maps a tree to a Java value of the given type.
   *
   * @param tree the tree; null or a missing node are read as null
   * @param type the target type, e.g. a {@code Class} or a {@code ParameterizedType}
   * @return the value; null for a null tree and a reference type
   * @throws IllegalArgumentException when the value does not fit the type, naming both
   */
  @SuppressWarnings("unchecked")
  public static <T> T fromTree(JsonNode tree, Type type) {
    JsonNode source = tree == null || tree instanceof MissingNode ? NullNode.getInstance() : tree;
    JavaType javaType = MAPPER.constructType(type);
    try {
      return (T) MAPPER.readerFor(javaType).readValue(source);
    } catch (IOException | RuntimeException e) {
      String detail =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
              ? jpe.getOriginalMessage()
              : e.getMessage();
      throw new IllegalArgumentException(
          "Cannot convert " + abbreviate(source) + " to " + type.getTypeName() + ": " + detail, e);
    }
  }

  private static String abbreviate(JsonNode tree) {
    String text = tree.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static ObjectMapper build() {
    SimpleModule kombu = new SimpleModule("kombu-json-conventions");
    kombu.addSerializer(BigDecimal.class, ToStringSerializer.instance);
    text(kombu, OffsetDateTime.class, ValueTree::formatAware, ValueTree::parseOffsetDateTime);
    text(
        kombu,
        ZonedDateTime.class,
        v -> formatAware(v.toOffsetDateTime()),
        s -> parseOffsetDateTime(s).toZonedDateTime());
    text(
        kombu,
        Instant.class,
        v -> formatAware(v.atOffset(ZoneOffset.UTC)),
        s -> parseOffsetDateTime(s).toInstant());
    text(
        kombu,
        Date.class,
        v -> formatAware(v.toInstant().atOffset(ZoneOffset.UTC)),
        s -> Date.from(parseOffsetDateTime(s).toInstant()));
    text(kombu, LocalDateTime.class, Iso8601::format, ValueTree::parseLocalDateTime);
    text(
        kombu,
        LocalDate.class,
        v -> Iso8601.format(v.atStartOfDay()),
        s -> LocalDate.from(LENIENT_ISO.parse(s)));
    text(
        kombu,
        LocalTime.class,
        Iso8601::format,
        s -> LENIENT_TIME.parse(s).query(TemporalQueries.localTime()));
    text(
        kombu,
        OffsetTime.class,
        v -> Iso8601.format(v.toLocalTime()) + Iso8601.formatOffset(v.getOffset()),
        ValueTree::parseOffsetTime);
    kombu.addDeserializer(byte[].class, new BytesDeserializer());
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(kombu)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }

  /** kombu 5.2.4 writes aware datetimes with {@code isoformat()} and swaps +00:00 for Z. */
  private static String formatAware(OffsetDateTime value) {
    String text = Iso8601.format(value);
    return text.endsWith("+00:00") ? text.substring(0, text.length() - 6) + "Z" : text;
  }

  private static TemporalAccessor parseIso(String text) {
    // Python's isoformat() may use a space between date and time (str(datetime)).
    String normalized =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    return LENIENT_ISO.parse(normalized);
  }

  private static OffsetDateTime parseOffsetDateTime(String text) {
    TemporalAccessor parsed = parseIso(text);
    LocalDate date = parsed.query(TemporalQueries.localDate());
    LocalTime time = parsed.query(TemporalQueries.localTime());
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    return OffsetDateTime.of(
        date, time == null ? LocalTime.MIDNIGHT : time, offset == null ? ZoneOffset.UTC : offset);
  }

  private static LocalDateTime parseLocalDateTime(String text) {
    TemporalAccessor parsed = parseIso(text);
    if (parsed.query(TemporalQueries.offset()) != null) {
      // Celery treats naive values as UTC, so an aware value is brought to UTC before dropping it.
      return parseOffsetDateTime(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    return LocalDateTime.of(
        parsed.query(TemporalQueries.localDate()), time == null ? LocalTime.MIDNIGHT : time);
  }

  private static OffsetTime parseOffsetTime(String text) {
    TemporalAccessor parsed = LENIENT_TIME.parse(text);
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    return OffsetTime.of(
        parsed.query(TemporalQueries.localTime()), offset == null ? ZoneOffset.UTC : offset);
  }

  private static <T> void text(
      SimpleModule module, Class<T> type, Function<T, String> format, Function<String, T> parse) {
    module.addSerializer(type, new TextSerializer<>(type, format));
    module.addDeserializer(type, new TextDeserializer<>(type, parse));
  }

  private static final class TextSerializer<T> extends StdScalarSerializer<T> {
    private final transient Function<T, String> format;

    TextSerializer(Class<T> type, Function<T, String> format) {
      super(type);
      this.format = format;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(format.apply(value));
    }
  }

  private static final class TextDeserializer<T> extends StdScalarDeserializer<T> {
    private final transient Function<String, T> parse;

    TextDeserializer(Class<T> type, Function<String, T> parse) {
      super(type);
      this.parse = parse;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (T) ctxt.handleUnexpectedToken(handledType(), p);
      }
      String text = p.getText().trim();
      try {
        return parse.apply(text);
      } catch (DateTimeParseException | ArithmeticException e) {
        return (T)
            ctxt.handleWeirdStringValue(handledType(), text, "not ISO-8601: %s", e.getMessage());
      }
    }
  }

  /** Binary nodes give their bytes; text gives its UTF-8 bytes (kombu 5.3 {@code bytes} marker). */
  private static final class BytesDeserializer extends StdScalarDeserializer<byte[]> {
    BytesDeserializer() {
      super(byte[].class);
    }

    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return p.getText().getBytes(StandardCharsets.UTF_8);
      }
      if (p.hasToken(JsonToken.VALUE_EMBEDDED_OBJECT)) {
        Object embedded = p.getEmbeddedObject();
        if (embedded instanceof byte[] bytes) {
          return bytes;
        }
      }
      return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
    }
  }
}
