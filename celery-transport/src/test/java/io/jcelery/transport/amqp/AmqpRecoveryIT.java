package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Connections closed from the broker side: nothing is lost, nothing acked comes back. */
class AmqpRecoveryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static RabbitTestBroker broker;

  private String name;
  private Transport transport;
  private ScheduledExecutorService acker;

  @BeforeAll
  static void createVhost() {
    broker = new RabbitTestBroker("recovery");
  }

  @AfterAll
  static void deleteVhost() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void open(TestInfo info) {
    name = "jcelery-it-" + info.getTestMethod().orElseThrow().getName();
    transport =
        Transports.open(
            broker.url(),
            Map.of("connection_name", name, "recovery_interval", 0.2, "publish_timeout", 15));
    acker = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void close() {
    acker.shutdownNow();
    transport.close();
  }

  private static TaskMessage task(String id) {
    return new TaskMessage("application/json", "utf-8", Map.of("id", id, "task", "tasks.add"),
        MessageProperties.forTask(id, null), "[[1, 2], {}, {}]".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void consumerResumesAfterTheBrokerClosesItsConnectionAndLosesNothing() {
    QueueSpec queue = QueueSpec.of(name);
    transport.declareQueue(queue);
    int total = 100;
    for (int i = 0; i < total; i++) {
      transport.publish("", queue.name(), task("t" + i));
    }
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    List<Throwable> settleErrors = new CopyOnWriteArrayList<>();
    // Acks wait until the connection was closed, so that messages are in flight when it dies
    // however slowly rabbitmqctl runs.
    CountDownLatch connectionClosed = new CountDownLatch(1);
    transport.consume(
        List.of(queue),
        5,
        delivery -> {
          deliveries.add(delivery);
          // A slow worker: acks later, from another thread, maybe after its channel died.
          acker.schedule(
              () -> {
                try {
                  connectionClosed.await(30, TimeUnit.SECONDS);
                  delivery.settlement().ack();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  settleErrors.add(e);
                }
              },
              100,
              TimeUnit.MILLISECONDS);
        });
    await().atMost(TIMEOUT).until(() -> deliveries.size() >= 5);

    assertThat(broker.closeConnections(name + " consume")).isEqualTo(1);
    connectionClosed.countDown();

    Set<String> ids = ConcurrentHashMap.newKeySet();
    await().atMost(TIMEOUT).until(() -> {
      deliveries.forEach(d -> ids.add(d.message().properties().correlationId()));
      return ids.size() == total;
    });
    await().atMost(TIMEOUT).until(
        () -> broker.listQueues("name", "messages_ready", "messages_unacknowledged")
            .contains(queue.name() + "\t0\t0"));
    assertThat(settleErrors).isEmpty();
    assertThat(deliveries).anyMatch(d -> d.info().redelivered());
    // Only deliveries in flight when the connection died come again: at most the prefetch count.
    assertThat(deliveries.size()).isBetween(total, total + 5);
  }

  @Test
  void acksHeldForABatchReachTheBrokerWithinTheLingerAndDoNotComeBackAfterAConnectionLoss() {
    QueueSpec queue = QueueSpec.of(name);
    transport.declareQueue(queue);
    int total = 10; // under the batch of a prefetch count of 200 (50): only the linger writes them
    for (int i = 0; i < total; i++) {
      transport.publish("", queue.name(), task("t" + i));
    }
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    transport.consume(List.of(queue), 200, delivery -> {
      deliveries.add(delivery);
      delivery.settlement().ack();
    });

    await().atMost(TIMEOUT).until(
        () -> broker.listQueues("name", "messages_ready", "messages_unacknowledged")
            .contains(queue.name() + "\t0\t0"));
    assertThat(deliveries).hasSize(total);

    assertThat(broker.closeConnections(name + " consume")).isEqualTo(1);
    transport.publish("", queue.name(), task("after"));
    // Were an ack lost, its message would be requeued ahead of "after" and delivered first.
    await().atMost(TIMEOUT).until(() -> deliveries.size() > total);
    assertThat(deliveries).hasSize(total + 1);
    Delivery last = deliveries.get(total);
    assertThat(last.message().properties().correlationId()).isEqualTo("after");
    assertThat(last.info().redelivered()).isFalse();
  }

  @Test
  void publishWaitsForTheConnectionToComeBack() {
    QueueSpec queue = QueueSpec.of(name);
    transport.declareQueue(queue);

    assertThat(broker.closeConnections(name + " publish")).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      transport.publish("", queue.name(), task("t" + i));
    }

    assertThat(transport.size(queue.name())).isEqualTo(5);
  }

  @Test
  void publishGivesUpAfterThePublishTimeoutWhileTheBrokerRefusesUs() {
    Transport impatient =
        Transports.open(
            broker.url(),
            Map.of("connection_name", name + "-impatient", "recovery_interval", 0.2,
                "publish_timeout", 1));
    try {
      QueueSpec queue = QueueSpec.of(name);
      impatient.declareQueue(queue);
      broker.permit(false);
      assertThat(broker.closeConnections(name + "-impatient publish")).isEqualTo(1);

      long start = System.nanoTime();
      assertThatThrownBy(() -> impatient.publish("", queue.name(), task("lost")))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("not re-established")
          .hasMessageNotContaining("guest:guest");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

      broker.permit(true);
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
        impatient.publish("", queue.name(), task("after"));
        return true;
      });
      assertThat(impatient.size(queue.name())).isGreaterThanOrEqualTo(1);
    } finally {
      broker.permit(true);
      impatient.close();
    }
  }

  @Test
  void declaredAutoDeleteQueuesAreDeclaredAgainAfterReconnecting() {
    QueueSpec reply =
        new QueueSpec(name + ".reply", "", "direct", name + ".reply", false, Map.of())
            .withAutoDelete(true);
    transport.declareQueue(reply);
    io.jcelery.transport.Consumer consumer =
        transport.consume(List.of(reply), 0, delivery -> delivery.settlement().ack());
    consumer.close(); // the last consumer went: RabbitMQ deletes the auto-delete queue
    await().atMost(TIMEOUT).until(() -> !broker.listQueues("name").contains(reply.name()));

    assertThat(broker.closeConnections(name + " publish")).isEqualTo(1);

    await().atMost(TIMEOUT).until(() -> broker.listQueues("name").contains(reply.name()));
  }
}
