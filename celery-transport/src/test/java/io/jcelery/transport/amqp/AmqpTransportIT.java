package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportContract;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.Transports;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AmqpTransportIT extends TransportContract {

  /** Properties AMQP carries; others are dropped, as py-amqp drops them. */
  private static final Set<String> AMQP_PROPERTIES =
      Set.of("message_id", "timestamp", "type", "user_id", "app_id", "cluster_id");

  private static RabbitTestBroker broker;

  @BeforeAll
  static void createVhost() {
    broker = new RabbitTestBroker("transport");
  }

  @AfterAll
  static void deleteVhost() {
    if (broker != null) {
      broker.close();
    }
  }

  @Override
  protected Transport openTransport() {
    return Transports.open(broker.url(), Map.of("connection_name", "jcelery-it"));
  }

  @Override
  protected TaskMessage expectedDelivery(TaskMessage sent) {
    Map<String, Object> extra = new LinkedHashMap<>(sent.properties().extra());
    extra.keySet().retainAll(AMQP_PROPERTIES);
    MessageProperties p = sent.properties();
    return new TaskMessage(sent.contentType(), sent.contentEncoding(), sent.headers(),
        new MessageProperties(p.correlationId(), p.replyTo(), p.deliveryMode(), p.priority(),
            p.expiration(), extra),
        sent.body());
  }

  @Override
  protected boolean alternatesQueues() {
    return false;
  }

  @Override
  protected boolean marksRedeliveredHeader() {
    return false;
  }

  private static TaskMessage withPriority(TaskMessage m, int priority) {
    return new TaskMessage(m.contentType(), m.contentEncoding(), m.headers(),
        m.properties().withPriority(priority), m.body());
  }

  @Nested
  @DisplayName("RabbitMQ entities, as Celery declares them")
  class Entities {

    @Test
    @DisplayName("a task queue is durable, not auto-delete, bound to a durable direct exchange")
    void declaresCeleryTaskQueue() {
      transport().declareQueue(QueueSpec.of("entities.celery"));

      assertThat(broker.listQueues("name", "durable", "auto_delete", "exclusive", "arguments"))
          .contains("entities.celery\ttrue\tfalse\tfalse\t[]");
      assertThat(broker.listExchanges("name", "type", "durable", "auto_delete"))
          .contains("entities.celery\tdirect\ttrue\tfalse");
    }

    @Test
    @DisplayName("the entities of a Celery 5.2.6 worker get the flags RabbitMQ showed for them")
    void matchesCeleryWorkerTopology() throws IOException {
      JsonNode topology = new ObjectMapper()
          .readTree(getClass().getResource("/vectors/worker/amqp/worker_topology_and_qos.json"))
          .get("topology");
      Transport transport = transport();
      String id = "3f1d";
      transport.declareQueue(QueueSpec.of("celery"));
      transport.declareQueue(
          new QueueSpec("celeryev." + id, "celeryev", "topic", "worker.#", false,
              Map.of("x-message-ttl", 5000, "x-expires", 60000))
              .withAutoDelete(true).withExchangeDurable(true));
      transport.declareQueue(
          new QueueSpec("vecworker@vm.celery.pidbox", "celery.pidbox", "fanout", "", false,
              Map.of("x-message-ttl", 300000, "x-expires", 10000)).withAutoDelete(true));
      transport.declareExchange("reply.celery.pidbox", "direct", false);

      String queues = broker.listQueues("name", "durable", "auto_delete", "exclusive");
      for (JsonNode row : topology.get("queues[name,durable,auto_delete,exclusive,arguments]")) {
        String name = row.get(0).asText();
        if (name.equals("celery") || name.startsWith("celeryev.")
            || name.equals("vecworker@vm.celery.pidbox")) {
          String mine = name.startsWith("celeryev.") ? "celeryev." + id : name;
          assertThat(queues).contains(
              mine + "\t" + row.get(1).asText() + "\t" + row.get(2).asText() + "\t"
                  + row.get(3).asText());
        }
      }
      String exchanges = broker.listExchanges("name", "type", "durable", "auto_delete");
      JsonNode exchangeRows =
          topology.get("exchanges[name,type,durable,auto_delete,internal,arguments]");
      for (JsonNode row : exchangeRows) {
        String name = row.get(0).asText();
        if (List.of("celery", "celeryev", "celery.pidbox", "reply.celery.pidbox").contains(name)) {
          assertThat(exchanges).contains(name + "\t" + row.get(1).asText() + "\t"
              + row.get(2).asText() + "\t" + row.get(3).asText());
        }
      }
    }

    @Test
    @DisplayName("queue arguments reach RabbitMQ as integers, whatever Java type they came as")
    void typesQueueArguments() {
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("x-max-priority", 10L);
      arguments.put("x-message-ttl", "5000");
      arguments.put("x-expires", 60000.0);
      QueueSpec events =
          new QueueSpec("entities.ev", "entities.celeryev", "topic", "#", false, arguments)
              .withAutoDelete(true)
              .withExchangeDurable(true);

      transport().declareQueue(events);
      transport().declareQueue(events); // equal again: no PRECONDITION_FAILED

      String listed = broker.listQueues("name", "durable", "auto_delete", "arguments");
      assertThat(listed).contains("entities.ev\tfalse\ttrue\t[");
      assertThat(listed)
          .contains("{\"x-max-priority\",10}", "{\"x-message-ttl\",5000}",
              "{\"x-expires\",60000}");
      assertThat(broker.listExchanges("name", "type", "durable"))
          .contains("entities.celeryev\ttopic\ttrue");
    }

    @Test
    @DisplayName("a queue declared again with other flags fails with the broker's reason")
    void reportsInequivalentDeclarations() {
      Transport transport = transport();
      transport.declareQueue(QueueSpec.of("entities.clash"));

      assertThatThrownBy(() -> transport.declareQueue(
              new QueueSpec("entities.clash", "entities.clash", "direct", "entities.clash", true,
                  Map.of("x-max-priority", 5))))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("PRECONDITION_FAILED");
      transport.declareQueue(QueueSpec.of("entities.clash")); // the transport goes on
      assertThat(transport.size("entities.clash")).isZero();
    }

    @Test
    @DisplayName("a fanout exchange delivers to every bound auto-delete queue")
    void consumesFromFanoutQueues() {
      Transport transport = transport();
      transport.declareExchange("entities.pidbox", "fanout", false);
      QueueSpec a = new QueueSpec("entities.a.pidbox", "entities.pidbox", "fanout", "", false,
          Map.of("x-message-ttl", 300000, "x-expires", 10000)).withAutoDelete(true);
      QueueSpec b = new QueueSpec("entities.b.pidbox", "entities.pidbox", "fanout", "", false,
          Map.of()).withAutoDelete(true);
      Recorder ra = new Recorder();
      Recorder rb = new Recorder();
      transport.consume(List.of(a), 0, ra);
      transport.consume(List.of(b), 0, rb);

      transport.publish("entities.pidbox", "ignored", message("id-1", "broadcast"));

      await().atMost(TIMEOUT).until(() -> ra.count() == 1 && rb.count() == 1);
      assertThat(broker.listExchanges("name", "type", "durable", "auto_delete"))
          .contains("entities.pidbox\tfanout\tfalse\tfalse");
      assertThat(ra.get(0).info().exchange()).isEqualTo("entities.pidbox");
    }

    @Test
    @DisplayName("declareExchange with another type fails with the broker's reason")
    void reportsExchangeTypeClash() {
      Transport transport = transport();
      transport.declareExchange("entities.typed", "topic");

      assertThatThrownBy(() -> transport.declareExchange("entities.typed", "fanout"))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("PRECONDITION_FAILED");
    }

    @Test
    @DisplayName("publishing to an exchange that does not exist fails; the next publish works")
    void reportsMissingExchange() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);

      assertThatThrownBy(() -> transport.publish("entities.nowhere", "k", message("1", "x")))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("NOT_FOUND");
      transport.publish("", q.name(), message("2", "y"));
      assertThat(transport.size(q.name())).isEqualTo(1);
    }

    @Test
    @DisplayName("size and purge of a queue that does not exist are zero")
    void missingQueueIsEmpty() {
      Transport transport = transport();

      assertThat(transport.size("entities.never")).isZero();
      assertThat(transport.purge("entities.never")).isZero();
    }

    @Test
    @DisplayName("a quorum queue is consumed with per-consumer QoS")
    void consumesQuorumQueue() {
      Transport transport = transport();
      QueueSpec q = new QueueSpec(queue("quorum"), queue("quorum"), "direct", queue("quorum"),
          true, Map.of("x-queue-type", "quorum"));
      transport.declareQueue(q);
      for (int i = 0; i < 4; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      Recorder recorder = new Recorder();

      Consumer consumer = transport.consume(List.of(q), 2, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);
      consumer.setPrefetchCount(0);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 4);
      recorder.deliveries().forEach(d -> d.settlement().ack());
    }
  }

  @Nested
  @DisplayName("QoS and priorities")
  class QosAndPriorities {

    @Test
    @DisplayName("one queue: the prefetch count is per consumer until it changes, then a global "
        + "basic.qos on the channel, as Celery's")
    void movesQosToTheChannelAtTheFirstChange() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("qos"));
      Consumer consumer = transport.consume(List.of(q), 9, new Recorder());

      await().atMost(TIMEOUT).until(() -> channelQos().contains("9\t0\t1"));
      consumer.setPrefetchCount(12);
      await().atMost(TIMEOUT).until(() -> channelQos().contains("0\t12\t1"));
      consumer.setPrefetchCount(13);
      await().atMost(TIMEOUT).until(() -> channelQos().contains("0\t13\t1"));
    }

    @Test
    @DisplayName("several queues: the prefetch count is a global basic.qos on the channel from the "
        + "start, as Celery's")
    void setsGlobalQosForSeveralQueues() {
      Transport transport = transport();
      Consumer consumer = transport.consume(
          List.of(QueueSpec.of(queue("qos-a")), QueueSpec.of(queue("qos-b"))), 9, new Recorder());

      await().atMost(TIMEOUT).until(() -> channelQos().contains("0\t9\t2"));
      consumer.setPrefetchCount(12);
      await().atMost(TIMEOUT).until(() -> channelQos().contains("0\t12\t2"));
    }

    @Test
    @DisplayName("when the per-consumer limit moves to the channel, the deliveries already "
        + "unsettled count against the new limit")
    void keepsTheLimitWhileMovingQosToTheChannel() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("qos-move"));
      transport.declareQueue(q);
      for (int i = 0; i < 8; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      Recorder recorder = new Recorder();
      Consumer consumer = transport.consume(List.of(q), 2, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);

      consumer.setPrefetchCount(4);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 4);
      await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> recorder.count() == 4);
      recorder.deliveries().forEach(d -> d.settlement().ack());
      await().atMost(TIMEOUT).until(() -> recorder.count() == 8);
      recorder.deliveries().stream().skip(4).forEach(d -> d.settlement().ack());
    }

    /** prefetch_count, global_prefetch_count and consumer_count of the vhost's channels. */
    private String channelQos() {
      return broker.listChannels("prefetch_count", "global_prefetch_count", "consumer_count");
    }

    @Test
    @DisplayName("with x-max-priority, a priority-9 message overtakes waiting priority-1 ones")
    void servesHigherPriorityFirst() {
      Transport transport = transport();
      QueueSpec q = new QueueSpec(queue("prio"), queue("prio"), "direct", queue("prio"), true,
          Map.of("x-max-priority", 10));
      transport.declareQueue(q);
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder); // a slow consumer: one at a time
      for (int i = 0; i < 5; i++) {
        transport.publish("", q.name(), withPriority(message("low-" + i, "low" + i), 1));
      }
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      transport.publish("", q.name(), withPriority(message("high", "high"), 9));
      recorder.get(0).settlement().ack();

      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);
      Delivery second = recorder.get(1);
      assertThat(second.message().properties().correlationId()).isEqualTo("high");
      assertThat(second.info().priority()).isEqualTo(9);
      for (int i = 1; i < 6; i++) {
        recorder.get(i).settlement().ack();
        int expected = Math.min(i + 2, 6);
        await().atMost(TIMEOUT).until(() -> recorder.count() == expected);
      }
      assertThat(recorder.deliveries().subList(2, 6))
          .extracting(d -> d.message().properties().correlationId())
          .containsExactly("low-1", "low-2", "low-3", "low-4");
    }
  }

  @Nested
  @DisplayName("Publishing")
  class Publishing {

    @Test
    @DisplayName("threads publishing at once all get their messages confirmed")
    void publishesConcurrently() throws Exception {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              transport.publish("", q.name(), message(thread + "-" + i, "m"));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(transport.size(q.name())).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("Connecting")
  class Connecting {

    @Test
    @DisplayName("an unreachable broker fails at once, naming the address without the password")
    void failsForUnreachableBroker() {
      assertThatThrownBy(() -> Transports.open("amqp://guest:hunter2@127.0.0.1:1//",
              Map.of("connect_timeout", 1)))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("127.0.0.1:1")
          .hasMessageContaining("guest:**@")
          .hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName("a failover list connects to the first broker that answers")
    void failsOver() {
      String url = "amqp://guest:guest@127.0.0.1:1/" + broker.vhost() + ";" + broker.url();
      Transport transport =
          closeAfterTest(Transports.open(url, Map.of("connect_timeout", 1)));
      QueueSpec q = QueueSpec.of(queue("q"));
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "x"));

      assertThat(transport.size(q.name())).isEqualTo(1);
    }

    @Test
    @DisplayName("pyamqp:// is served by the same transport")
    void servesPyamqpScheme() {
      Transport transport =
          closeAfterTest(Transports.open(broker.url().replace("amqp://", "pyamqp://")));

      transport.declareQueue(QueueSpec.of(queue("q")));

      assertThat(transport.size(queue("q"))).isZero();
    }
  }
}
