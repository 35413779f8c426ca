package io.jcelery.results.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.BodyCodecs;
import io.jcelery.protocol.codec.ResultMetaCodec;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContext;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultBackends;
import io.jcelery.results.ResultRoute;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RpcResultBackendTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String VECTOR = "vectors/worker/amqp/rpc_backend_replies.json";

  /** The app as the backend sees it: a broker connection and an oid. */
  record TestApp(Transport transport, String oid) implements ResultBackendContext {}

  private final List<AutoCloseable> opened = new ArrayList<>();
  private String broker;
  private Transport transport;

  @BeforeEach
  void openBroker(TestInfo test) {
    broker = "memory://rpc-" + test.getDisplayName().hashCode() + "-" + UUID.randomUUID();
    transport = track(Transports.open(broker, Map.of()));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  /** A backend of an app with its own oid on the shared in-memory broker. */
  private ResultBackend backend(ResultBackendOptions options) {
    return track(
        ResultBackends.open(
            "rpc://", options, new TestApp(transport, "oid-" + UUID.randomUUID())));
  }

  private ResultBackend backend() {
    return backend(ResultBackendOptions.DEFAULT);
  }

  private static String oid(ResultBackend backend) {
    return ((RpcResultBackend) backend).replyQueue().name();
  }

  /** Collects what arrives on a queue, as a Python client's queue would receive it. */
  private BlockingQueue<Delivery> listen(String queue) {
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    QueueSpec spec = new QueueSpec(queue, "", "direct", queue, false, Map.of());
    Consumer consumer =
        transport.consume(
            List.of(spec),
            0,
            delivery -> {
              delivery.settlement().ack();
              received.add(delivery);
            });
    track(consumer);
    return received;
  }

  private static Delivery next(BlockingQueue<Delivery> received) throws InterruptedException {
    Delivery delivery = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(delivery).as("a reply within %s", TIMEOUT).isNotNull();
    return delivery;
  }

  private static ResultMeta meta(String taskId, String status, JsonNode result) {
    return new ResultMeta(status, result, null, NODES.arrayNode(), null, null, null, null, taskId);
  }

  private static ObjectNode exception(String type, String message, String module) {
    ObjectNode exc = NODES.objectNode();
    exc.put("exc_type", type);
    exc.set("exc_message", NODES.arrayNode().add(message));
    exc.put("exc_module", module);
    return exc;
  }

  static Stream<JsonNode> capturedReplies() throws IOException {
    try (InputStream in = RpcResultBackendTest.class.getClassLoader().getResourceAsStream(VECTOR)) {
      assertThat(in).as(VECTOR).isNotNull();
      List<JsonNode> messages = new ArrayList<>();
      JSON.readTree(in).get("messages").forEach(messages::add);
      return messages.stream();
    }
  }

  /** A captured reply as a Python worker published it. */
  private static TaskMessage capturedMessage(JsonNode vector, String correlationId) {
    JsonNode properties = vector.get("properties");
    return new TaskMessage(
        properties.get("content_type").asText(),
        properties.get("content_encoding").asText(),
        Map.of(),
        new MessageProperties(
            correlationId,
            null,
            properties.get("delivery_mode").asInt(),
            properties.get("priority").asInt(),
            null,
            Map.of()),
        Base64.getDecoder().decode(vector.get("body_b64").asText()));
  }

  @Nested
  @DisplayName("the worker side")
  class WorkerSide {

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("io.jcelery.results.rpc.RpcResultBackendTest#capturedReplies")
    @DisplayName("publishes each captured reply with Celery's exact body and properties")
    void publishesCapturedRepliesByteForByte(JsonNode vector) throws Exception {
      String queue = vector.get("queue").asText();
      String correlationId = vector.at("/properties/correlation_id").asText();
      BlockingQueue<Delivery> received = listen(queue);
      ResultMeta meta =
          ResultMetaCodec.fromTree(
              JSON.readTree(Base64.getDecoder().decode(vector.get("body_b64").asText())));

      backend().store(meta, new ResultRoute(queue, correlationId));

      Delivery delivery = next(received);
      TaskMessage message = delivery.message();
      assertThat(new String(message.body(), StandardCharsets.UTF_8))
          .isEqualTo(vector.get("body_text").asText());
      assertThat(message.body())
          .isEqualTo(Base64.getDecoder().decode(vector.get("body_b64").asText()));
      assertThat(message.contentType()).isEqualTo(vector.at("/properties/content_type").asText());
      assertThat(message.contentEncoding())
          .isEqualTo(vector.at("/properties/content_encoding").asText());
      assertThat(message.headers()).isEmpty();
      assertThat(message.properties())
          .isEqualTo(
              new MessageProperties(
                  correlationId,
                  null,
                  vector.at("/properties/delivery_mode").asInt(),
                  vector.at("/properties/priority").asInt(),
                  null,
                  Map.of()));
      assertThat(delivery.info().exchange())
          .isEqualTo(vector.at("/delivery_info/exchange").asText());
      assertThat(delivery.info().routingKey())
          .isEqualTo(vector.at("/delivery_info/routing_key").asText());
    }

    @Test
    @DisplayName("sends only task_id, status, result, traceback and children, in that order")
    void bodyHasCeleryKeysInOrder() throws Exception {
      BlockingQueue<Delivery> received = listen("replies");
      ResultMeta meta =
          new ResultMeta(
              "SUCCESS",
              NODES.numberNode(5),
              null,
              NODES.arrayNode(),
              "2024-05-06T07:08:09.123456",
              "group-1",
              "parent-1",
              new ResultMeta.Extended("tasks.add", null, null, "w@h", 0, "celery"),
              "t-1");

      backend().store(meta, new ResultRoute("replies", "t-1"));

      JsonNode body = JSON.readTree(next(received).message().body());
      List<String> keys = new ArrayList<>();
      body.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("task_id", "status", "result", "traceback", "children");
    }

    @Test
    @DisplayName("uses delivery_mode 2 with result_persistent")
    void persistentRepliesUseDeliveryMode2() throws Exception {
      BlockingQueue<Delivery> received = listen("replies");

      backend(ResultBackendOptions.builder().persistent(true).build())
          .store(meta("t-1", "SUCCESS", NODES.numberNode(1)), new ResultRoute("replies", "t-1"));

      assertThat(next(received).message().properties().deliveryMode()).isEqualTo(2);
    }

    @Test
    @DisplayName("uses the task id when the request has no correlation_id")
    void correlationIdDefaultsToTaskId() throws Exception {
      BlockingQueue<Delivery> received = listen("replies");

      backend().store(meta("t-9", "SUCCESS", NODES.nullNode()), new ResultRoute("replies", null));

      assertThat(next(received).message().properties().correlationId()).isEqualTo("t-9");
    }

    @Test
    @DisplayName("encodes replies with the result serializer")
    void encodesWithResultSerializer() throws Exception {
      BlockingQueue<Delivery> received = listen("replies");
      ResultBackendOptions msgpack =
          ResultBackendOptions.builder()
              .serializer(BodyCodecs.msgpack())
              .accept(io.jcelery.protocol.codec.AcceptContent.of("json", "msgpack"))
              .build();

      backend(msgpack)
          .store(meta("t-1", "SUCCESS", NODES.numberNode(7)), new ResultRoute("replies", "t-1"));

      TaskMessage message = next(received).message();
      assertThat(message.contentType()).isEqualTo("application/x-msgpack");
      assertThat(message.contentEncoding()).isEqualTo("binary");
      assertThat(BodyCodecs.msgpack().decode(message.body()).get("result").asInt()).isEqualTo(7);
    }

    @Test
    @DisplayName("drops a result whose request has no reply_to")
    void dropsResultsWithoutReplyTo() {
      ResultBackend client = backend();
      client.onTaskCall("t-1");
      ResultBackend worker = backend();

      worker.store(meta("t-1", "SUCCESS", NODES.numberNode(1)), new ResultRoute(null, "t-1"));
      worker.store(meta("t-1", "SUCCESS", NODES.numberNode(1)), ResultRoute.NONE);
      worker.store(meta("t-1", "SUCCESS", NODES.numberNode(1)));

      assertThat(client.awaitReady("t-1", Duration.ofMillis(50))).isEmpty();
      assertThat(transport.size(oid(client))).isZero();
    }
  }

  @Nested
  @DisplayName("the client side")
  class ClientSide {

    @Test
    @DisplayName("declares its reply queue as Celery's RPCBackend.binding")
    void declaresReplyQueueAsCelery() {
      RpcResultBackend backend = (RpcResultBackend) backend();

      QueueSpec queue = backend.replyQueue();

      assertThat(queue.exchange()).isEmpty();
      assertThat(queue.routingKey()).isEqualTo(queue.name());
      assertThat(queue.durable()).isFalse();
      assertThat(queue.autoDelete()).isTrue();
      assertThat(queue.arguments()).containsExactly(Map.entry("x-expires", 86_400_000L));
      assertThat(RpcResultBackend.replyQueue("q", null).arguments()).isEmpty();
    }

    @Test
    @DisplayName("collects captured Python replies by correlation_id")
    void collectsCapturedRepliesByCorrelationId() {
      ResultBackend client = backend();
      client.onTaskCall("any");
      Map<String, JsonNode> lastByTask = new LinkedHashMap<>();
      capturedRepliesUnchecked()
          .forEach(
              vector -> {
                String id = vector.at("/properties/correlation_id").asText();
                transport.publish("", oid(client), capturedMessage(vector, id));
                lastByTask.put(id, vector.get("payload_decoded"));
              });

      lastByTask.forEach(
          (id, payload) -> {
            if (payload.get("status").asText().equals("RETRY")) {
              await()
                  .atMost(TIMEOUT)
                  .untilAsserted(
                      () -> assertThat(client.get(id)).map(ResultMeta::status).hasValue("RETRY"));
              return;
            }
            Optional<ResultMeta> meta = client.awaitReady(id, TIMEOUT);
            assertThat(meta).as(id).isPresent();
            assertThat(meta.get().status()).isEqualTo(payload.get("status").asText());
            assertThat(meta.get().result()).isEqualTo(payload.get("result"));
            assertThat(meta.get().taskId()).isEqualTo(id);
          });
    }

    @Test
    @DisplayName("falls back to the body's task_id when a reply has no correlation_id")
    void fallsBackToBodyTaskId() {
      ResultBackend client = backend();
      client.onTaskCall("any");
      JsonNode success =
          capturedRepliesUnchecked()
              .filter(v -> v.at("/payload_decoded/status").asText().equals("SUCCESS"))
              .findFirst()
              .orElseThrow();
      String taskId = success.at("/payload_decoded/task_id").asText();

      transport.publish("", oid(client), capturedMessage(success, null));

      assertThat(client.awaitReady(taskId, TIMEOUT)).map(ResultMeta::status).hasValue("SUCCESS");
    }

    @Test
    @DisplayName("keeps two interleaved tasks apart")
    void keepsInterleavedTasksApart() {
      ResultBackend client = backend();
      client.onTaskCall("a");
      ResultBackend worker = backend();
      ResultRoute toA = new ResultRoute(oid(client), "a");
      ResultRoute toB = new ResultRoute(oid(client), "b");

      worker.store(meta("a", "STARTED", NODES.objectNode().put("pid", 1)), toA);
      worker.store(meta("b", "STARTED", NODES.objectNode().put("pid", 2)), toB);
      worker.store(meta("b", "SUCCESS", NODES.textNode("bee")), toB);
      worker.store(meta("a", "FAILURE", exception("ValueError", "boom", "builtins")), toA);

      assertThat(client.awaitReady("b", TIMEOUT))
          .map(ResultMeta::result)
          .hasValue(NODES.textNode("bee"));
      ResultMeta a = client.awaitReady("a", TIMEOUT).orElseThrow();
      assertThat(a.status()).isEqualTo("FAILURE");
      assertThat(a.result().get("exc_type").asText()).isEqualTo("ValueError");
    }

    @Test
    @DisplayName("shows STARTED, then waits for SUCCESS")
    void showsStartedThenSuccess() {
      ResultBackend client = backend();
      client.onTaskCall("t");
      ResultBackend worker = backend();
      ResultRoute route = new ResultRoute(oid(client), "t");

      worker.store(meta("t", "STARTED", NODES.objectNode().put("pid", 1)), route);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> assertThat(client.get("t")).map(ResultMeta::status).hasValue("STARTED"));
      assertThat(client.awaitReady("t", Duration.ofMillis(20))).isEmpty();

      worker.store(meta("t", "SUCCESS", NODES.numberNode(5)), route);

      assertThat(client.awaitReady("t", TIMEOUT))
          .map(m -> m.result().asInt())
          .hasValue(5);
    }

    @Test
    @DisplayName("keeps a ready state when a redelivered task reports STARTED again")
    void readyStateIsNotReplacedByLaterStarted() {
      ResultBackend client = backend();
      client.onTaskCall("t");
      ResultBackend worker = backend();
      ResultRoute route = new ResultRoute(oid(client), "t");

      worker.store(meta("t", "SUCCESS", NODES.numberNode(5)), route);
      worker.store(meta("t", "STARTED", NODES.objectNode().put("pid", 1)), route);
      worker.store(meta("u", "SUCCESS", NODES.numberNode(6)), new ResultRoute(oid(client), "u"));

      assertThat(client.awaitReady("u", TIMEOUT)).isPresent();
      assertThat(client.get("t")).map(ResultMeta::status).hasValue("SUCCESS");
    }

    @Test
    @DisplayName("reports a task it heard nothing of as PENDING, and waiting for it times out")
    void unknownTaskIsPending() {
      ResultBackend client = backend();

      assertThat(client.get("unknown")).isEmpty();
      assertThat(client.awaitReady("unknown", Duration.ofMillis(20))).isEmpty();
    }

    @Test
    @DisplayName("starts consuming on the first read, not only on a send")
    void startsConsumingOnFirstRead() {
      ResultBackend client = backend();
      assertThat(client.get("t")).isEmpty();

      backend().store(meta("t", "SUCCESS", NODES.numberNode(1)), new ResultRoute(oid(client), "t"));

      assertThat(client.awaitReady("t", TIMEOUT)).isPresent();
    }

    @Test
    @DisplayName("drops replies of a content type it does not accept and reads the next")
    void dropsDisallowedContent() {
      ResultBackend client = backend();
      client.onTaskCall("t");
      ResultBackendOptions msgpack =
          ResultBackendOptions.builder()
              .serializer(BodyCodecs.msgpack())
              .accept(io.jcelery.protocol.codec.AcceptContent.of("msgpack"))
              .build();
      ResultRoute route = new ResultRoute(oid(client), "t");

      backend(msgpack).store(meta("t", "SUCCESS", NODES.numberNode(1)), route);
      backend().store(meta("t", "FAILURE", exception("ValueError", "x", "builtins")), route);

      assertThat(client.awaitReady("t", TIMEOUT)).map(ResultMeta::status).hasValue("FAILURE");
    }

    @Test
    @DisplayName("forget drops the state kept in memory")
    void forgetDropsKeptState() {
      ResultBackend client = backend();
      client.onTaskCall("t");
      backend().store(meta("t", "SUCCESS", NODES.numberNode(1)), new ResultRoute(oid(client), "t"));
      assertThat(client.awaitReady("t", TIMEOUT)).isPresent();

      client.forget("t");

      assertThat(client.get("t")).isEmpty();
    }

    @Test
    @DisplayName("refuses reads once closed")
    void refusesReadsOnceClosed() {
      ResultBackend client = backend();
      client.close();

      assertThatThrownBy(() -> client.get("t"))
          .isInstanceOf(ResultBackendException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  @DisplayName("cannot be opened without the app's broker")
  void refusesToOpenWithoutApp() {
    assertThatThrownBy(() -> ResultBackends.open("rpc://", ResultBackendOptions.DEFAULT))
        .isInstanceOf(ResultBackendException.class)
        .hasMessageContaining("rpc://")
        .hasMessageContaining("broker");
  }

  @Test
  @DisplayName("key-value backends ignore the route")
  void keyValueBackendsIgnoreRoute() {
    ResultBackend memory =
        track(ResultBackends.open("memory://" + UUID.randomUUID(), ResultBackendOptions.DEFAULT));

    memory.store(meta("t", "SUCCESS", NODES.numberNode(3)), new ResultRoute("q", "t"));

    assertThat(memory.get("t")).map(m -> m.result().asInt()).hasValue(3);
  }

  private static Stream<JsonNode> capturedRepliesUnchecked() {
    try {
      return capturedReplies();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
