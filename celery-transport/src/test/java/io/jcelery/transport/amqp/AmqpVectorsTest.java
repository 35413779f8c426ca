package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQImpl;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.TaskMessageCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message Python Celery 5.2.6 published through py-amqp ({@code vectors/producer/amqp}):
 * its captured content-header frame, parsed by the RabbitMQ client as the transport receives it,
 * gives the headers py-amqp decoded with the same types, and the headers and properties written
 * back give the very same frame bytes.
 */
class AmqpVectorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> messages() throws IOException, URISyntaxException {
    Path dir = Path.of(AmqpVectorsTest.class.getResource("/vectors/producer/amqp").toURI());
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        JsonNode vector = JSON.readTree(file.toFile());
        JsonNode messages = vector.path("messages");
        for (int i = 0; i < messages.size(); i++) {
          cases.add(Arguments.of(vector.get("case").asText() + "#" + i, messages.get(i)));
        }
      }
    }
    assertThat(cases).hasSizeGreaterThan(40);
    return cases.stream();
  }

  private static byte[] frame(JsonNode message) {
    return Base64.getDecoder().decode(message.get("content_header_frame_payload_b64").asText());
  }

  private static AMQP.BasicProperties received(JsonNode message) throws IOException {
    byte[] payload = frame(message);
    PyAmqpLongTags.replace(payload, PyAmqpLongTags.PY_AMQP, PyAmqpLongTags.JAVA_CLIENT);
    return (AMQP.BasicProperties)
        AMQImpl.readContentHeaderFrom(new DataInputStream(new ByteArrayInputStream(payload)));
  }

  private static Map<String, Object> pythonHeaders(JsonNode message) {
    return JSON.convertValue(
        message.get("application_headers"), new TypeReference<Map<String, Object>>() {});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void receivesTheHeadersAndPropertiesPyAmqpDecoded(String name, JsonNode message)
      throws IOException {
    TaskMessage received = AmqpMessages.message(received(message), new byte[0]);

    JsonNode p = message.get("properties");
    assertThat(received.headers()).isEqualTo(pythonHeaders(message));
    assertThat(received.contentType()).isEqualTo(p.get("content_type").asText());
    assertThat(received.contentEncoding()).isEqualTo(p.get("content_encoding").asText());
    assertThat(received.properties().deliveryMode()).isEqualTo(p.get("delivery_mode").asInt());
    assertThat(received.properties().priority()).isEqualTo(priority(p));
    assertThat(received.properties().correlationId()).isEqualTo(p.get("correlation_id").asText());
    assertThat(received.properties().replyTo()).isEqualTo(p.get("reply_to").asText());
    assertThat(received.properties().expiration())
        .isEqualTo(p.has("expiration") ? p.get("expiration").asText() : null);
    JsonNode typed = message.at("/content_header_typed/application_headers/fields_name_type_value");
    for (JsonNode field : typed) {
      assertType(received.headers().get(field.get(0).asText()), field.get(1).asText(),
          field.get(2), name + " header " + field.get(0).asText());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void decodesToTaskHeadersOfTheRightTypes(String name, JsonNode message) throws IOException {
    Map<String, Object> headers = AmqpMessages.message(received(message), new byte[0]).headers();
    JsonNode python = message.get("application_headers");
    if (!python.has("task")) {
      assertThat(headers).isEmpty(); // protocol 1 keeps everything in the body
      return;
    }

    TaskHeaders task = TaskMessageCodec.headersFromMap(headers);

    assertThat(task.task()).isEqualTo(python.get("task").asText());
    assertThat(task.id()).isEqualTo(python.get("id").asText());
    assertThat(task.retries()).isEqualTo(python.get("retries").asInt());
    assertThat(task.ignoreResult()).isEqualTo(python.get("ignore_result").asBoolean());
    JsonNode limits = python.get("timelimit");
    assertThat(task.timeLimit())
        .isEqualTo(limits.get(0).isNull() ? null : limits.get(0).asDouble());
    assertThat(task.softTimeLimit())
        .isEqualTo(limits.get(1).isNull() ? null : limits.get(1).asDouble());
    assertThat(task.eta())
        .isEqualTo(python.get("eta").isNull() ? null : python.get("eta").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void writesTheSameHeaderFrameBytesAsPyAmqp(String name, JsonNode message) throws IOException {
    JsonNode p = message.get("properties");
    TaskMessage sent =
        new TaskMessage(
            p.get("content_type").asText(),
            p.get("content_encoding").asText(),
            pythonHeaders(message),
            new MessageProperties(
                p.get("correlation_id").asText(),
                p.get("reply_to").asText(),
                p.get("delivery_mode").asInt(),
                priority(p),
                p.has("expiration") ? p.get("expiration").asText() : null,
                Map.of()),
            new byte[0]);
    long bodySize = message.at("/content_header_typed/_frame/body_size").asLong();

    byte[] written = AmqpMessages.properties(sent).toFrame(0, bodySize).getPayload();
    PyAmqpLongTags.replace(written, PyAmqpLongTags.JAVA_CLIENT, PyAmqpLongTags.PY_AMQP);

    assertThat(written).isEqualTo(frame(message));
  }

  /** py-amqp leaves out a priority of None. */
  private static Integer priority(JsonNode properties) {
    return properties.has("priority") ? properties.get("priority").asInt() : null;
  }

  private static void assertType(Object value, String tag, JsonNode expected, String where) {
    switch (tag) {
      case "S" -> assertThat(value).as(where).isInstanceOf(String.class);
      case "I" -> assertThat(value).as(where).isInstanceOf(Integer.class);
      case "l", "L" -> assertThat(value).as(where).isInstanceOf(Long.class);
      case "t" -> assertThat(value).as(where).isInstanceOf(Boolean.class);
      case "d" -> assertThat(value).as(where).isInstanceOf(Double.class);
      case "V" -> assertThat(value).as(where).isNull();
      case "A" -> {
        assertThat(value).as(where).isInstanceOf(List.class);
        List<?> items = (List<?>) value;
        assertThat(items).as(where).hasSize(expected.size());
        for (int i = 0; i < items.size(); i++) {
          JsonNode item = expected.get(i);
          assertType(items.get(i), item.get(0).asText(), item.get(1), where + "[" + i + "]");
        }
      }
      case "F" -> {
        assertThat(value).as(where).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) value;
        Iterator<JsonNode> fields = expected.elements();
        while (fields.hasNext()) {
          JsonNode field = fields.next();
          assertType(map.get(field.get(0).asText()), field.get(1).asText(), field.get(2),
              where + "." + field.get(0).asText());
        }
      }
      default -> throw new AssertionError(where + ": unexpected type " + tag);
    }
  }
}
