package io.jcelery.transport.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KombuEnvelopeTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every Redis list element captured from Celery 5.2.6 / kombu 5.2.4 producers. */
  static Stream<Arguments> producerElements() throws IOException, URISyntaxException {
    URL dir = KombuEnvelopeTest.class.getResource("/vectors/producer/redis");
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(Paths.get(dir.toURI()))) {
      for (Path file : files.sorted().toList()) {
        JsonNode vector = MAPPER.readTree(file.toFile());
        int i = 0;
        for (JsonNode message : vector.path("messages")) {
          String raw = rawText(message);
          cases.add(
              Arguments.of(
                  file.getFileName() + "#" + i++, message.path("redis_key").asText(), raw,
                  message));
        }
      }
    }
    return cases.stream();
  }

  private static String rawText(JsonNode message) throws IOException {
    if (message.has("raw_text")) {
      return message.get("raw_text").asText();
    }
    byte[] gz = Base64.getDecoder().decode(message.get("raw_gzip_b64").asText());
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("producerElements")
  void reEncodesEveryCapturedElementByteForByte(
      String name, String redisKey, String raw, JsonNode vector) {
    KombuEnvelope.Decoded decoded = KombuEnvelope.decode(raw, "q");

    String again =
        KombuEnvelope.encode(
            decoded.info().exchange(), decoded.info().routingKey(), decoded.message(),
            decoded.deliveryTag());

    assertThat(again).isEqualTo(raw);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("producerElements")
  void decodesBodyHeadersAndDeliveryInfo(
      String name, String redisKey, String raw, JsonNode vector) throws IOException {
    KombuEnvelope.Decoded decoded = KombuEnvelope.decode(raw, "celery");
    JsonNode envelope = MAPPER.readTree(raw);

    if (vector.has("body_bytes_b64")) {
      assertThat(decoded.message().body())
          .isEqualTo(Base64.getDecoder().decode(vector.get("body_bytes_b64").asText()));
    }
    assertThat(decoded.deliveryTag())
        .isEqualTo(envelope.at("/properties/delivery_tag").asText());
    assertThat(decoded.message().contentType()).isEqualTo(envelope.get("content-type").asText());
    assertThat(decoded.message().headers().keySet())
        .containsExactlyElementsOf(iterable(envelope.get("headers").fieldNames()));
    assertThat(decoded.info().exchange()).isEmpty();
    assertThat(decoded.info().routingKey())
        .isEqualTo(envelope.at("/properties/delivery_info/routing_key").asText());
    assertThat(decoded.info().queue()).isEqualTo("celery");
    assertThat(decoded.info().redelivered()).isFalse();
    assertThat(decoded.info().priority())
        .isEqualTo(envelope.at("/properties/priority").asInt());
    assertThat(decoded.message().properties().correlationId())
        .isEqualTo(envelope.at("/properties/correlation_id").asText());
  }

  @Test
  void keepsExtraPropertiesBetweenReplyToAndDeliveryMode() throws Exception {
    TaskMessage message =
        new TaskMessage(
            "application/json",
            "utf-8",
            Map.of(),
            new MessageProperties(
                "id", "reply", 2, 0, "60000",
                linked("replaced_task_nesting", 0, "origin", "gen1@vm")),
            "[]".getBytes(StandardCharsets.UTF_8));

    String text = KombuEnvelope.encode("", "celery", message, "tag");

    assertThat(text)
        .isEqualTo(
            "{\"body\": \"W10=\", \"content-encoding\": \"utf-8\", \"content-type\":"
                + " \"application/json\", \"headers\": {}, \"properties\": {\"correlation_id\":"
                + " \"id\", \"reply_to\": \"reply\", \"replaced_task_nesting\": 0, \"origin\":"
                + " \"gen1@vm\", \"delivery_mode\": 2, \"expiration\": \"60000\","
                + " \"delivery_info\": {\"exchange\": \"\", \"routing_key\": \"celery\"},"
                + " \"priority\": 0, \"body_encoding\": \"base64\", \"delivery_tag\": \"tag\"}}");
  }

  @Test
  void marksRedeliveredExactlyAsKombuRestoresOnWarmShutdown() throws Exception {
    JsonNode vector = vector("/vectors/worker/redis/redelivered_after_warm_shutdown.json");
    String held =
        vector.at("/while_held/unacked/fields").elements().next().get("value_text").asText();
    List<?> entry = (List<?>) PythonJson.read(held);

    String restored = PythonJson.write(KombuEnvelope.markRedelivered(entry.get(0)));

    assertThat(restored)
        .isEqualTo(vector.at("/after_shutdown_queue/0/raw_text").asText());
    assertThat(KombuEnvelope.decode(restored, "celery").info().redelivered()).isTrue();
  }

  @Test
  void writesTheUnackedEntryAsKombuDoes() throws Exception {
    JsonNode vector = vector("/vectors/worker/redis/unacked_ack_emulation.json");
    vector
        .at("/keys/unacked/fields")
        .elements()
        .forEachRemaining(
            field -> {
              String value = field.get("value_text").asText();
              assertThat(PythonJson.write(PythonJson.read(value))).isEqualTo(value);
            });
  }

  @Test
  void decodesTopLevelRedeliveredFlagOfKombuVirtualRestore() {
    String text =
        "{\"body\": \"\", \"properties\": {\"delivery_tag\": \"t\", \"delivery_info\":"
            + " {\"exchange\": \"\", \"routing_key\": \"q\"}}, \"content-type\": null,"
            + " \"content-encoding\": null, \"headers\": {}, \"redelivered\": true}";

    KombuEnvelope.Decoded decoded = KombuEnvelope.decode(text, "q");

    assertThat(decoded.info().redelivered()).isTrue();
    assertThat(decoded.message().body()).isEmpty();
    assertThat(decoded.message().properties().deliveryMode()).isEqualTo(2);
  }

  /** The same message, {@code [1]} with headers {@code {"task": "t"}}, in five layouts. */
  static Stream<Arguments> envelopeLayouts() {
    String rest = "\"content-encoding\": \"utf-8\", \"content-type\": \"application/json\","
        + " \"headers\": {\"task\": \"t\"}, \"properties\": {\"delivery_tag\": \"tag\","
        + " \"delivery_info\": {\"exchange\": \"\", \"routing_key\": \"q\"}";
    String base64 = ", \"body_encoding\": \"base64\"}";
    return Stream.of(
        Arguments.of("body first, base64 (kombu's layout)",
            "{\"body\": \"WzFd\", " + rest + base64 + "}", "[1]"),
        Arguments.of("body last",
            "{" + rest + base64 + ", \"body\": \"WzFd\"}", "[1]"),
        Arguments.of("body first, text with escapes",
            "{\"body\": \"[\\\"a\\\\\\\"b\\u00e9\\\"]\", " + rest + "}}",
            "[\"a\\\"b\u00e9\"]"),
        Arguments.of("body first, text with an escaped quote before a comma",
            "{\"body\": \"a\\\", \\\"b\", " + rest + "}}", "a\", \"b"),
        Arguments.of("body first and again later: the later one, as Python's json",
            "{\"body\": \"e30=\", " + rest + base64 + ", \"body\": \"WzFd\"}", "[1]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopeLayouts")
  void decodesTheBodyAndTheRestWhateverTheLayout(String layout, String text, String body) {
    KombuEnvelope.Decoded decoded = KombuEnvelope.decode(text, "q");

    assertThat(new String(decoded.message().body(), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(decoded.message().headers()).isEqualTo(Map.of("task", "t"));
    assertThat(decoded.message().contentType()).isEqualTo("application/json");
    assertThat(decoded.deliveryTag()).isEqualTo("tag");
    assertThat(decoded.info().routingKey()).isEqualTo("q");
  }

  private static JsonNode vector(String resource) throws IOException {
    try (InputStream in = KombuEnvelopeTest.class.getResourceAsStream(resource)) {
      return MAPPER.readTree(in);
    }
  }

  private static Map<String, Object> linked(Object... kv) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put((String) kv[i], kv[i + 1]);
    }
    return map;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    List<T> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
