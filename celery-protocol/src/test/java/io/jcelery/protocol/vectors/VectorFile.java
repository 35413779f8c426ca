package io.jcelery.protocol.vectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One captured vector file (see {@code vectors/INDEX.md}) with its messages rebuilt from the raw
 * bytes Python put on the broker.
 *
 * @param resource the classpath path below {@code /vectors/}, e.g. {@code
 *     producer/redis/add_json.json}
 * @param json the whole file
 */
public record VectorFile(String resource, JsonNode json) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> REDIS_TRANSPORT_PROPERTIES =
      Set.of("delivery_info", "delivery_tag", "body_encoding");
  private static final Set<String> AMQP_MESSAGE_FIELDS = Set.of("content_type", "content_encoding");
  private static final Pattern TIME_REPR =
      Pattern.compile("datetime\\.time\\((\\d+), (\\d+), (\\d+)(?:, (\\d+))?\\)");

  /**
   * A rebuilt message.
   *
   * @param message the kombu message
   * @param raw the exact bytes captured: the Redis list element, or the AMQP body
   * @param payload the serialized payload after decompression
   * @param entry the file's entry (payload_decoded and friends)
   */
  public record Captured(TaskMessage message, byte[] raw, byte[] payload, JsonNode entry) {}

  /** Every file under producer/ and producer_main/. */
  public static Stream<VectorFile> producerFiles() {
    return Stream.of("producer", "producer_main").flatMap(VectorFile::listJson);
  }

  /** Loads one file, e.g. {@code producer/redis/add_json.json}. */
  public static VectorFile load(String resource) {
    try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No vector " + resource);
      }
      return new VectorFile(resource, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<VectorFile> listJson(String folder) {
    URL url = VectorFile.class.getResource("/vectors/" + folder);
    try (Stream<Path> files = Files.walk(Paths.get(url.toURI()))) {
      Path root = Paths.get(VectorFile.class.getResource("/vectors").toURI());
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .map(p -> load(root.relativize(p).toString().replace('\\', '/')))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public String caseName() {
    return json.path("case").asText();
  }

  public String broker() {
    return json.path("broker").asText();
  }

  public JsonNode producerError() {
    return json.get("producer_error");
  }

  /** The messages rebuilt from their raw bytes. */
  public List<Captured> messages() {
    List<Captured> result = new ArrayList<>();
    for (JsonNode entry : json.path("messages")) {
      byte[] raw = broker().equals("redis") ? redisElement(entry) : amqpBody(entry);
      TaskMessage message = broker().equals("redis") ? fromRedis(raw) : fromAmqp(entry, raw);
      result.add(new Captured(message, raw, payload(entry, message), entry));
    }
    return result;
  }

  @Override
  public String toString() {
    return resource;
  }

  private static byte[] redisElement(JsonNode entry) {
    return entry.has("raw_gzip_b64")
        ? gunzip(entry.get("raw_gzip_b64").asText())
        : Base64.getDecoder().decode(entry.get("raw_b64").asText());
  }

  private static byte[] amqpBody(JsonNode entry) {
    return entry.has("body_gzip_b64")
        ? gunzip(entry.get("body_gzip_b64").asText())
        : Base64.getDecoder().decode(entry.get("body_b64").asText());
  }

  private static TaskMessage fromRedis(byte[] raw) {
    JsonNode envelope = readTree(new String(raw, StandardCharsets.UTF_8));
    JsonNode props = envelope.get("properties");
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!REDIS_TRANSPORT_PROPERTIES.contains(name) && !MessageFields.KNOWN.contains(name)) {
        extra.put(name, JSON.convertValue(props.get(name), Object.class));
      }
    }
    return new TaskMessage(
        envelope.path("content-type").textValue(),
        envelope.path("content-encoding").textValue(),
        toMap(envelope.get("headers")),
        MessageFields.properties(props, extra),
        Base64.getDecoder().decode(envelope.get("body").asText()));
  }

  private static TaskMessage fromAmqp(JsonNode entry, byte[] body) {
    JsonNode props = entry.get("properties");
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!AMQP_MESSAGE_FIELDS.contains(name) && !MessageFields.KNOWN.contains(name)) {
        extra.put(name, JSON.convertValue(props.get(name), Object.class));
      }
    }
    return new TaskMessage(
        props.path("content_type").textValue(),
        props.path("content_encoding").textValue(),
        toMap(entry.get("application_headers")),
        MessageFields.properties(props, extra),
        body);
  }

  /** The serialized payload after decompression, as the capture recorded it. */
  private static byte[] payload(JsonNode entry, TaskMessage message) {
    if (entry.has("payload_b64")) {
      return Base64.getDecoder().decode(entry.get("payload_b64").asText());
    }
    if (entry.has("payload_text") && !entry.get("payload_text").isNull()) {
      return entry.get("payload_text").asText().getBytes(StandardCharsets.UTF_8);
    }
    return message.body();
  }

  /**
   * The expected decoded payload: {@code payload_decoded} with the file's {@code $python_*} tags
   * turned into the neutral tree jcelery decodes to (bytes → binary, or text for kombu 5.3 json
   * {@code bytes} markers; datetime/date/uuid/decimal/time → ISO or plain text).
   */
  public static JsonNode expectedPayload(JsonNode decoded, boolean bytesAsText) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (decoded.isArray()) {
      ArrayNode array = nodes.arrayNode();
      decoded.forEach(item -> array.add(expectedPayload(item, bytesAsText)));
      return array;
    }
    if (!decoded.isObject()) {
      return decoded;
    }
    if (decoded.size() == 1) {
      String tag = decoded.fieldNames().next();
      JsonNode value = decoded.get(tag);
      switch (tag) {
        case "$python_bytes_b64" -> {
          byte[] bytes = Base64.getDecoder().decode(value.asText());
          return bytesAsText
              ? nodes.textNode(new String(bytes, StandardCharsets.UTF_8))
              : nodes.binaryNode(bytes);
        }
        case "$python_datetime", "$python_date", "$python_uuid", "$python_decimal" -> {
          return nodes.textNode(value.asText());
        }
        case "$python_repr" -> {
          Matcher m = TIME_REPR.matcher(value.asText());
          if (!m.matches()) {
            throw new IllegalArgumentException("Unknown repr tag " + value);
          }
          LocalTime time =
              LocalTime.of(
                  Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)),
                  m.group(4) == null ? 0 : Integer.parseInt(m.group(4)) * 1000);
          return nodes.textNode(Iso8601.format(time));
        }
        default -> {
          // not a tag: an ordinary one-key dict
        }
      }
    }
    ObjectNode object = nodes.objectNode();
    decoded
        .fields()
        .forEachRemaining(f -> object.set(f.getKey(), expectedPayload(f.getValue(), bytesAsText)));
    return object;
  }

  /** Header map as a transport would hand it over: plain Java values, in order. */
  public static Map<String, Object> toMap(JsonNode object) {
    return JSON.convertValue(object, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  public static JsonNode readTree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gunzip(String base64) {
    try (InputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The message properties both brokers name alike. */
  private static final class MessageFields {
    static final Set<String> KNOWN =
        Set.of("correlation_id", "reply_to", "delivery_mode", "priority", "expiration");

    static MessageProperties properties(JsonNode props, Map<String, Object> extra) {
      JsonNode priority = props.get("priority");
      JsonNode expiration = props.get("expiration");
      return new MessageProperties(
          props.path("correlation_id").textValue(),
          props.path("reply_to").textValue(),
          props.path("delivery_mode").asInt(MessageProperties.PERSISTENT),
          priority == null || priority.isNull() ? null : priority.asInt(),
          expiration == null || expiration.isNull() ? null : expiration.asText(),
          extra);
    }
  }
}
