package io.jcelery.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.Compressors;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CelerySendTaskTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TaskMessageCodec CODEC =
      new TaskMessageCodec(AcceptContent.of("json", "msgpack", "yaml"));

  private final List<Celery> apps = new ArrayList<>();

  @AfterEach
  void closeApps() {
    apps.forEach(Celery::close);
  }

  private Celery app(CelerySettings.Builder settings) {
    Celery app =
        Celery.create(settings.set("broker_url", "memory://send-" + UUID.randomUUID()).build());
    apps.add(app);
    return app;
  }

  private Celery app() {
    return app(CelerySettings.builder());
  }

  /** The next message on a queue of the app's broker. */
  private static TaskMessage receive(Celery app, String queue) throws InterruptedException {
    return receive(app, queue, 1).get(0);
  }

  /** The next {@code count} messages on a queue of the app's broker, in order, all acked. */
  private static List<TaskMessage> receive(Celery app, String queue, int count)
      throws InterruptedException {
    BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    List<TaskMessage> messages = new ArrayList<>();
    try (var consumer = app.transport().consume(List.of(QueueSpec.of(queue)), 0, deliveries::add)) {
      for (int i = 0; i < count; i++) {
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).as("message " + (i + 1) + " on queue " + queue).isNotNull();
        delivery.settlement().ack();
        assertThat(delivery.info().routingKey()).isEqualTo(queue);
        messages.add(delivery.message());
      }
    }
    return messages;
  }

  @Nested
  @DisplayName("a task sent by name")
  class Headers {

    @Test
    @DisplayName("carries the headers and body Python's producer writes, in its order")
    void matchesPythonProducerVectors() throws Exception {
      for (String name :
          List.of("add_json", "send_task_kwargs", "timelimit_shadow_headers", "priority_5")) {
        JsonNode vector = vector(name);
        JsonNode envelope = vector.get("messages").get(0).get("envelope");
        JsonNode python = envelope.get("headers");
        String queue = envelope.get("properties").get("delivery_info").get("routing_key").asText();
        Celery app = app();

        AsyncResult result =
            app.sendTask("tasks.add", args(vector), kwargs(vector), options(python, envelope));
        TaskMessage message = receive(app, queue);

        assertThat(result.id()).isEqualTo(python.get("id").asText());
        Map<String, Object> headers = new LinkedHashMap<>(message.headers());
        assertThat(headers.remove("lang")).isEqualTo("java");
        assertThat((String) headers.remove("origin")).matches("gen\\d+@.+");
        ObjectNodeMap expected = ObjectNodeMap.of(python);
        expected.map().remove("lang");
        expected.map().remove("origin");
        JsonNode actualTree = JSON.valueToTree(headers);
        JsonNode expectedTree = JSON.valueToTree(expected.map());
        assertThat(actualTree).as(name).isEqualTo(expectedTree);
        assertThat(List.copyOf(headers.keySet()))
            .as(name)
            .isEqualTo(List.copyOf(expected.map().keySet()));
        assertThat(new String(message.body(), StandardCharsets.UTF_8))
            .as(name)
            .isEqualTo(vector.get("messages").get(0).get("payload_text").asText());
        assertThat(message.contentType()).isEqualTo("application/json");
        assertThat(message.contentEncoding()).isEqualTo("utf-8");
        assertThat(message.properties().correlationId()).isEqualTo(result.id());
        assertThat(message.properties().replyTo()).isEqualTo(app.oid());
        assertThat(message.properties().deliveryMode()).isEqualTo(2);
        assertThat(message.properties().priority())
            .isEqualTo(envelope.get("properties").get("priority").asInt());
      }
    }

    @Test
    @DisplayName("decodes back to the same task with TaskMessageCodec")
    void decodesBack() throws InterruptedException {
      Celery app = app();

      AsyncResult result =
          app.sendTask(
              "tasks.echo",
              List.of(1, "two", List.of(3.5)),
              Map.of("k", Map.of("nested", true)),
              SendOptions.builder().parentId("p-1").rootId("r-1").retries(2).build());
      DecodedTask task = CODEC.decode(receive(app, "celery"));

      assertThat(task.protocol()).isEqualTo(2);
      assertThat(task.headers().task()).isEqualTo("tasks.echo");
      assertThat(task.headers().id()).isEqualTo(result.id());
      assertThat(task.headers().parentId()).isEqualTo("p-1");
      assertThat(task.headers().rootId()).isEqualTo("r-1");
      assertThat(task.headers().retries()).isEqualTo(2);
      assertThat(task.headers().argsrepr()).isEqualTo("(1, 'two', [3.5])");
      assertThat(task.headers().kwargsrepr()).isEqualTo("{'k': {'nested': True}}");
      assertThat(task.body().args().toString()).isEqualTo("[1,\"two\",[3.5]]");
      assertThat(task.body().kwargs().get("k").get("nested").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("goes to the queue given, declared like Celery's automatic queues")
    void goesToGivenQueue() throws InterruptedException {
      Celery app = app();

      app.sendTask("tasks.add", List.of(1, 2), null, SendOptions.builder().queue("math").build());

      assertThat(CODEC.decode(receive(app, "math")).headers().task()).isEqualTo("tasks.add");
      assertThat(app.transport().size("celery")).isZero();
    }

    @Test
    @DisplayName("goes to task_default_queue by default")
    void goesToDefaultQueue() throws InterruptedException {
      Celery app = app(CelerySettings.builder().set("task_default_queue", "jobs"));

      app.sendTask("tasks.add", List.of(1, 2), Map.of());

      assertThat(receive(app, "jobs").headers()).containsEntry("task", "tasks.add");
    }

    @Test
    @DisplayName("sets ignore_result when asked, and get returns at once")
    void setsIgnoreResult() throws InterruptedException {
      Celery app = app();

      AsyncResult result =
          app.sendTask(
              "tasks.add", List.of(), Map.of(), SendOptions.builder().ignoreResult(true).build());

      assertThat(receive(app, "celery").headers()).containsEntry("ignore_result", true);
      assertThat(result.get(Duration.ofMillis(1)).isNull()).isTrue();
    }
  }

  @Nested
  @DisplayName("eta and expires")
  class EtaAndExpires {

    @Test
    @DisplayName("countdown becomes an eta in the app time zone, as Python writes it")
    void countdownBecomesEta() throws InterruptedException {
      Celery app = app(CelerySettings.builder().set("timezone", "America/New_York"));
      OffsetDateTime before = OffsetDateTime.now();

      app.sendTask(
          "tasks.add",
          List.of(),
          Map.of(),
          SendOptions.builder().countdown(Duration.ofSeconds(10)).build());
      String eta = (String) receive(app, "celery").headers().get("eta");

      assertThat(eta).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?-0[45]:00");
      assertThat(Iso8601.parse(eta))
          .isBetween(before.plusSeconds(10), OffsetDateTime.now().plusSeconds(10));
    }

    @Test
    @DisplayName("an eta is sent with its own offset")
    void etaKeepsItsOffset() throws InterruptedException {
      Celery app = app();
      OffsetDateTime eta = OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 6000, ZoneOffset.ofHours(2));

      app.sendTask("tasks.add", List.of(), Map.of(), SendOptions.builder().eta(eta).build());

      assertThat(receive(app, "celery").headers())
          .containsEntry("eta", "2030-01-02T03:04:05.000006+02:00");
    }

    @Test
    @DisplayName("expires in seconds sets the expires header and the expiration property in ms")
    void expiresSetsExpiration() throws InterruptedException {
      Celery app = app();
      OffsetDateTime before = OffsetDateTime.now();

      app.sendTask(
          "tasks.add",
          List.of(),
          Map.of(),
          SendOptions.builder().expires(Duration.ofSeconds(60)).build());
      TaskMessage message = receive(app, "celery");

      assertThat(message.properties().expiration()).isEqualTo("60000");
      assertThat(Iso8601.parse((String) message.headers().get("expires")))
          .isBetween(before.plusSeconds(60), OffsetDateTime.now().plusSeconds(60));
      assertThat((String) message.headers().get("expires")).endsWith("+00:00");
    }

    @Test
    @DisplayName("expires at a time sets the time left as expiration, 0 when already past")
    void expiresAtSetsTimeLeft() throws InterruptedException {
      Celery app = app();
      OffsetDateTime at =
          OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).truncatedTo(ChronoUnit.SECONDS);

      app.sendTask("tasks.add", List.of(), Map.of(), SendOptions.builder().expires(at).build());
      app.sendTask(
          "tasks.add",
          List.of(),
          Map.of(),
          SendOptions.builder().expires(at.minusHours(1)).build());
      List<TaskMessage> messages = receive(app, "celery", 2);
      TaskMessage first = messages.get(0);
      TaskMessage second = messages.get(1);

      assertThat(first.headers()).containsEntry("expires", Iso8601.format(at));
      assertThat(Long.parseLong(first.properties().expiration()))
          .isCloseTo(300_000L, within(5_000L));
      assertThat(second.properties().expiration()).isEqualTo("0");
    }

    @Test
    @DisplayName("no eta or expires leaves both headers null and no expiration")
    void noEtaOrExpires() throws InterruptedException {
      Celery app = app();

      app.sendTask("tasks.add", List.of(), Map.of());
      TaskMessage message = receive(app, "celery");

      assertThat(message.headers()).containsEntry("eta", null).containsEntry("expires", null);
      assertThat(message.properties().expiration()).isNull();
    }
  }

  @Nested
  @DisplayName("priority, serializer and compression")
  class Encoding {

    @Test
    @DisplayName("priority comes from the options, else task_default_priority, else 0")
    void priorityDefaults() throws InterruptedException {
      Celery plain = app();
      Celery defaulted = app(CelerySettings.builder().set("task_default_priority", 3));

      plain.sendTask("t", List.of(), Map.of());
      plain.sendTask("t", List.of(), Map.of(), SendOptions.builder().priority(7).build());
      defaulted.sendTask("t", List.of(), Map.of());

      List<TaskMessage> messages = receive(plain, "celery", 2);
      assertThat(messages.get(0).properties().priority()).isZero();
      assertThat(messages.get(1).properties().priority()).isEqualTo(7);
      assertThat(receive(defaulted, "celery").properties().priority()).isEqualTo(3);
    }

    @Test
    @DisplayName("task_compression compresses the body and sets the compression header")
    void taskCompressionCompresses() throws InterruptedException {
      Celery app = app(CelerySettings.builder().set("task_compression", "gzip"));

      app.sendTask("tasks.add", List.of(2, 3), Map.of());
      TaskMessage message = receive(app, "celery");

      assertThat(message.compression()).isEqualTo("application/x-gzip");
      assertThat(message.contentType()).isEqualTo("application/json");
      assertThat(new String(Compressors.zlib().decompress(message.body()), StandardCharsets.UTF_8))
          .startsWith("[[2, 3], {}");
      assertThat(CODEC.decode(message).body().args().toString()).isEqualTo("[2,3]");
    }

    @Test
    @DisplayName("serializer and compression options override the settings")
    void optionsOverrideSettings() throws Exception {
      Celery app = app();
      JsonNode python = vector("compression_zlib").get("messages").get(0);

      app.sendTask(
          "tasks.add", List.of(2, 3), Map.of(), SendOptions.builder().compression("zlib").build());
      app.sendTask(
          "tasks.add",
          List.of(2, 3),
          Map.of(),
          SendOptions.builder().serializer("msgpack").build());
      List<TaskMessage> messages = receive(app, "celery", 2);
      TaskMessage zlib = messages.get(0);
      TaskMessage msgpack = messages.get(1);

      assertThat(zlib.body())
          .isEqualTo(Base64.getDecoder().decode(python.get("body_bytes_b64").asText()));
      assertThat(msgpack.contentType()).isEqualTo("application/x-msgpack");
      assertThat(msgpack.contentEncoding()).isEqualTo("binary");
      assertThat(CODEC.decode(msgpack).body().args().toString()).isEqualTo("[2,3]");
    }

    @Test
    @DisplayName("an unknown serializer or compression fails naming the setting")
    void unknownSerializerFails() {
      assertThatThrownBy(() -> app(CelerySettings.builder().set("task_serializer", "pickle")))
          .isInstanceOfSatisfying(
              ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("task_serializer"));
      assertThatThrownBy(() -> app(CelerySettings.builder().set("task_compression", "rar")))
          .isInstanceOfSatisfying(
              ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("task_compression"));
      assertThatThrownBy(
              () ->
                  app(
                      CelerySettings.builder()
                          .set("result_backend", "memory://")
                          .set("result_serializer", "msgpack")))
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> assertThat(e.key()).isEqualTo("result_accept_content"));
      assertThatThrownBy(() -> app(CelerySettings.builder().set("accept_content", "nope")))
          .isInstanceOfSatisfying(
              ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("accept_content"));
    }
  }

  private static List<Object> args(JsonNode vector) {
    JsonNode decoded = vector.get("messages").get(0).get("payload_decoded").get(0);
    return JSON.convertValue(decoded, List.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> kwargs(JsonNode vector) {
    JsonNode decoded = vector.get("messages").get(0).get("payload_decoded").get(1);
    return JSON.convertValue(decoded, Map.class);
  }

  /** The send options that reproduce a captured Python call. */
  private static SendOptions options(JsonNode headers, JsonNode envelope) {
    SendOptions.Builder options =
        SendOptions.builder()
            .taskId(headers.get("id").asText())
            .queue(envelope.get("properties").get("delivery_info").get("routing_key").asText())
            .priority(envelope.get("properties").get("priority").asInt());
    if (!headers.get("shadow").isNull()) {
      options.shadow(headers.get("shadow").asText());
    }
    JsonNode limits = headers.get("timelimit");
    if (!limits.get(0).isNull()) {
      options.timeLimit(Duration.ofMillis((long) (limits.get(0).asDouble() * 1000)));
    }
    if (!limits.get(1).isNull()) {
      options.softTimeLimit(Duration.ofMillis((long) (limits.get(1).asDouble() * 1000)));
    }
    ObjectNodeMap all = ObjectNodeMap.of(headers);
    for (String standard :
        List.of(
            "lang",
            "task",
            "id",
            "shadow",
            "eta",
            "expires",
            "group",
            "group_index",
            "retries",
            "timelimit",
            "root_id",
            "parent_id",
            "argsrepr",
            "kwargsrepr",
            "origin",
            "ignore_result")) {
      all.map().remove(standard);
    }
    return options.headers(all.map()).build();
  }

  /** A JSON object as an insertion-ordered Java map. */
  private record ObjectNodeMap(Map<String, Object> map) {
    @SuppressWarnings("unchecked")
    static ObjectNodeMap of(JsonNode object) {
      return new ObjectNodeMap(JSON.convertValue(object, LinkedHashMap.class));
    }
  }

  private static JsonNode vector(String name) throws IOException {
    String resource = "vectors/producer/redis/" + name + ".json";
    try (InputStream in = CelerySendTaskTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return JSON.readTree(in);
    }
  }
}
