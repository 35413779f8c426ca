package io.jcelery.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link Transport} must show, whatever the broker (kombu {@code
 * t/integration/common.py} in spirit). Extend it and implement {@link #openTransport()}; every
 * call must open a new transport to the same broker and namespace, isolated from other tests.
 *
 * <p>Kept in one file on purpose (past the usual 500 lines): a transport joins the suite by
 * extending this one class, and its {@code @Nested} groups share the fixture methods below.
 *
 * @since 0.1
 */
public abstract class TransportContract {

  /** Longest wait for anything a transport does asynchronously. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<Transport> opened = new ArrayList<>();
  private String testName;

  /** Opens a new transport to this test's broker namespace. */
  protected abstract Transport openTransport();

  /**
   * The message a consumer receives for {@code sent}. Virtual transports keep every property;
   * AMQP carries only its basic properties, so other extra properties are dropped there (as
   * py-amqp drops them).
   */
  protected TaskMessage expectedDelivery(TaskMessage sent) {
    return sent;
  }

  /**
   * Whether waiting messages of several queues are delivered strictly alternating (kombu's
   * virtual round robin). A broker that pushes from each queue on its own (AMQP) keeps only the
   * order within each queue.
   */
  protected boolean alternatesQueues() {
    return true;
  }

  /**
   * Whether a message returned to its queue carries kombu virtual's header {@code redelivered:
   * true}; AMQP flags only the delivery ({@link DeliveryInfo#redelivered()}).
   */
  protected boolean marksRedeliveredHeader() {
    return true;
  }

  @BeforeEach
  void rememberTestName(TestInfo info) {
    testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
  }

  /** Closes every transport this test opened; runs after each test, may be called earlier. */
  @AfterEach
  protected final void closeTransports() {
    for (Transport transport : opened) {
      transport.close();
    }
    opened.clear();
  }

  /** A transport closed automatically after the test. */
  protected final Transport transport() {
    Transport transport = openTransport();
    opened.add(transport);
    return transport;
  }

  /** Closes {@code transport} after the test; returns it. */
  protected final <T extends Transport> T closeAfterTest(T transport) {
    opened.add(transport);
    return transport;
  }

  /** A queue name unique to this test. */
  protected final String queue(String suffix) {
    return testName + "." + suffix;
  }

  /** A task message whose body is {@code body} and whose id is {@code id}. */
  public static TaskMessage message(String id, String body) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", "tasks.add");
    headers.put("id", id);
    headers.put("eta", null);
    headers.put("retries", 0);
    headers.put("timelimit", Arrays.asList(30.0, null));
    headers.put("h\u00e9", List.of(1, "\uD83D\uDE00", Map.of("nested", true)));
    return new TaskMessage(
        "application/json",
        "utf-8",
        headers,
        MessageProperties.forTask(id, "reply-" + id),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String body(Delivery delivery) {
    return new String(delivery.message().body(), StandardCharsets.UTF_8);
  }

  /** Records deliveries without settling them. Thread-safe. */
  public static final class Recorder implements DeliveryHandler {
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void onDelivery(Delivery delivery) {
      deliveries.add(delivery);
    }

    /** Deliveries so far, in arrival order. */
    public List<Delivery> deliveries() {
      return deliveries;
    }

    /** Number of deliveries so far. */
    public int count() {
      return deliveries.size();
    }

    /** The {@code i}-th delivery. */
    public Delivery get(int i) {
      return deliveries.get(i);
    }
  }

  @Nested
  @DisplayName("Publishing and consuming")
  class RoundTrip {

    @Test
    @DisplayName("a message arrives with its headers, properties and body bytes unchanged")
    void preservesMessage() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("a"));
      transport.declareQueue(q);
      byte[] bytes = new byte[256];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("origin", "gen1@host");
      TaskMessage sent =
          new TaskMessage(
              "application/x-msgpack",
              "binary",
              message("id-1", "x").headers(),
              new MessageProperties("id-1", "reply", 2, 3, "60000", extra),
              bytes);
      transport.publish("", q.name(), sent);
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 0, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      Delivery delivery = recorder.get(0);
      assertThat(delivery.message()).isEqualTo(expectedDelivery(sent));
      assertThat(delivery.info())
          .isEqualTo(new DeliveryInfo("", q.name(), q.name(), false, 3));
      delivery.settlement().ack();
    }

    @Test
    @DisplayName("a message published to a direct exchange reaches the queue bound with its key")
    void routesThroughDirectExchange() {
      Transport transport = transport();
      QueueSpec q = new QueueSpec(queue("d"), queue("ex"), "direct", "key", true, Map.of());
      transport.declareQueue(q);
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 0, recorder);

      transport.publish(q.exchange(), "other", message("id-0", "dropped"));
      transport.publish(q.exchange(), "key", message("id-1", "routed"));

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(body(recorder.get(0))).isEqualTo("routed");
      assertThat(recorder.get(0).info().exchange()).isEqualTo(q.exchange());
      assertThat(recorder.get(0).info().routingKey()).isEqualTo("key");
    }

    @Test
    @DisplayName("a topic exchange routes by the binding pattern")
    void routesThroughTopicExchange() {
      Transport transport = transport();
      QueueSpec q = new QueueSpec(queue("t"), queue("topic"), "topic", "task.*", true, Map.of());
      transport.declareQueue(q);

      transport.publish(q.exchange(), "task.sent", message("id-1", "one"));
      transport.publish(q.exchange(), "worker.online", message("id-2", "two"));

      assertThat(transport.size(q.name())).isEqualTo(1);
    }

    @Test
    @DisplayName("size counts waiting messages and purge removes them")
    void sizeAndPurge() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("p"));
      transport.declareQueue(q);
      for (int i = 0; i < 3; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }

      assertThat(transport.size(q.name())).isEqualTo(3);
      assertThat(transport.purge(q.name())).isEqualTo(3);
      assertThat(transport.size(q.name())).isZero();
    }

    @Test
    @DisplayName("messages of one queue arrive in the order they were published")
    void keepsOrder() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("o"));
      transport.declareQueue(q);
      for (int i = 0; i < 5; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 0, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 5);
      assertThat(recorder.deliveries()).extracting(TransportContract::body)
          .containsExactly("m0", "m1", "m2", "m3", "m4");
    }
  }

  @Nested
  @DisplayName("Consuming several queues")
  class Fairness {

    @Test
    @DisplayName("two queues with waiting messages are served alternately")
    void alternatesBetweenQueues() {
      Transport transport = transport();
      QueueSpec a = QueueSpec.of(queue("a"));
      QueueSpec b = QueueSpec.of(queue("b"));
      transport.declareQueue(a);
      transport.declareQueue(b);
      for (int i = 0; i < 3; i++) {
        transport.publish("", a.name(), message("a" + i, "a" + i));
        transport.publish("", b.name(), message("b" + i, "b" + i));
      }
      Recorder recorder = new Recorder();

      transport.consume(List.of(a, b), 0, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 6);
      List<String> bodies = recorder.deliveries().stream().map(TransportContract::body).toList();
      if (alternatesQueues()) {
        assertThat(bodies).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
      } else {
        assertThat(bodies).containsExactlyInAnyOrder("a0", "b0", "a1", "b1", "a2", "b2");
        assertThat(bodies.stream().filter(text -> text.startsWith("a")))
            .containsExactly("a0", "a1", "a2");
        assertThat(bodies.stream().filter(text -> text.startsWith("b")))
            .containsExactly("b0", "b1", "b2");
      }
    }

    @Test
    @DisplayName("a message published after the consumer started wakes it")
    void wakesOnPublish() {
      Transport transport = transport();
      QueueSpec a = QueueSpec.of(queue("a"));
      QueueSpec b = QueueSpec.of(queue("b"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(a, b), 0, recorder);

      transport.publish("", b.name(), message("b", "late"));

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(recorder.get(0).info().queue()).isEqualTo(b.name());
    }
  }

  @Nested
  @DisplayName("Prefetch")
  class Prefetch {

    @Test
    @DisplayName("no more than prefetch-count deliveries are unsettled at once")
    void respectsPrefetchCount() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      for (int i = 0; i < 10; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      Recorder recorder = new Recorder();

      Consumer consumer = transport.consume(List.of(q), 3, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 3);
      await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> recorder.count() == 3);
      assertThat(consumer.prefetchCount()).isEqualTo(3);

      recorder.get(0).settlement().ack();
      await().atMost(TIMEOUT).until(() -> recorder.count() == 4);

      consumer.setPrefetchCount(0);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 10);
    }
  }

  @Nested
  @DisplayName("Settling")
  class Settling {

    @Test
    @DisplayName("an acknowledged message is gone, also after the transport closes")
    void ackRemoves() {
      Transport transport = openTransport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "m"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      recorder.get(0).settlement().ack();
      transport.close();

      assertThat(transport().size(q.name())).isZero();
    }

    @Test
    @DisplayName("a message rejected with requeue is delivered again, flagged redelivered")
    void rejectRequeueRedelivers() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "again"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      recorder.get(0).settlement().reject(true);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);
      Delivery again = recorder.get(1);
      assertThat(body(again)).isEqualTo("again");
      assertThat(again.info().redelivered()).isTrue();
      assertThat(again.message().properties().correlationId()).isEqualTo("id-1");
      again.settlement().ack();
    }

    @Test
    @DisplayName("a message rejected without requeue is dropped")
    void rejectDrops() {
      Transport transport = openTransport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "drop"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      recorder.get(0).settlement().reject(false);
      transport.close();

      assertThat(transport().size(q.name())).isZero();
    }

    @Test
    @DisplayName(
        "deliveries never settled come back, flagged redelivered, when the transport closes")
    void unsettledReturnOnClose() {
      Transport first = openTransport();
      QueueSpec q = QueueSpec.of(queue("q"));
      first.declareQueue(q);
      first.publish("", q.name(), message("id-1", "held"));
      first.publish("", q.name(), message("id-2", "acked"));
      Recorder recorder = new Recorder();
      first.consume(List.of(q), 2, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);
      recorder.get(1).settlement().ack();

      first.close();

      Transport second = transport();
      assertThat(second.size(q.name())).isEqualTo(1);
      Recorder again = new Recorder();
      second.consume(List.of(q), 0, again);
      await().atMost(TIMEOUT).until(() -> again.count() == 1);
      assertThat(body(again.get(0))).isEqualTo("held");
      assertThat(again.get(0).info().redelivered()).isTrue();
      if (marksRedeliveredHeader()) {
        assertThat(again.get(0).message().headers()).containsEntry("redelivered", true);
      }
    }

    @Test
    @DisplayName("settling a delivery twice throws")
    void settlingTwiceThrows() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "m"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      Settlement settlement = recorder.get(0).settlement();

      settlement.ack();

      assertThat(settlement.isSettled()).isTrue();
      assertThatThrownBy(settlement::ack).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> settlement.reject(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a handler that throws gets the message again, requeued")
    void handlerFailureRequeues() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "m"));
      AtomicInteger calls = new AtomicInteger();
      Recorder recorder = new Recorder();

      transport.consume(
          List.of(q),
          1,
          delivery -> {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("handler bug");
            }
            recorder.onDelivery(delivery);
          });

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(recorder.get(0).info().redelivered()).isTrue();
    }

    @Test
    @DisplayName(
        "a closed consumer takes no more messages, but its deliveries can still be settled")
    void closedConsumerStops() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "m1"));
      Recorder recorder = new Recorder();
      Consumer consumer = transport.consume(List.of(q), 0, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      consumer.close();
      transport.publish("", q.name(), message("id-2", "m2"));
      recorder.get(0).settlement().ack();

      await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(transport.size(q.name())).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("Priorities")
  class Priorities {

    @Test
    @DisplayName("the delivery keeps the exact priority the producer set")
    void keepsPriority() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      TaskMessage sent = message("id-1", "p");
      transport.publish(
          "",
          q.name(),
          new TaskMessage(sent.contentType(), sent.contentEncoding(), sent.headers(),
              sent.properties().withPriority(7), sent.body()));
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 0, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(recorder.get(0).info().priority()).isEqualTo(7);
      assertThat(recorder.get(0).message().properties().priority()).isEqualTo(7);
    }
  }
}
