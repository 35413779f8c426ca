package io.jcelery.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportContract;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.Transports;
import io.jcelery.transport.virtual.KombuEnvelope;
import io.jcelery.transport.virtual.PythonJson;
import io.lettuce.core.ScoredValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RedisTransportIT extends TransportContract {

  private static final String SEP = "\u0006\u0016";

  private RedisTestServer server;
  private String prefix;

  @BeforeEach
  void connect() {
    server = new RedisTestServer();
    prefix = server.prefix();
  }

  @AfterEach
  void cleanUp() {
    closeTransports();
    if (server != null) {
      server.close(); // closes the transports it opened too, then deletes the test's keys
    }
  }

  @Override
  protected Transport openTransport() {
    return open(Map.of());
  }

  private Transport open(Map<String, Object> options) {
    return server.open(options);
  }

  private Transport transport(Map<String, Object> options) {
    return closeAfterTest(open(options));
  }

  private static TaskMessage withPriority(TaskMessage m, int priority) {
    return new TaskMessage(m.contentType(), m.contentEncoding(), m.headers(),
        m.properties().withPriority(priority), m.body());
  }

  @Nested
  @DisplayName("Redis keys and values, as kombu writes them")
  class Keys {

    @Test
    @DisplayName("declaring a queue adds kombu's binding member to _kombu.binding.<exchange>")
    void bindingMember() {
      transport().declareQueue(QueueSpec.of("celery"));
      transport().declareQueue(
          new QueueSpec("events", "ev", "topic", "task.#", true, Map.of()));

      assertThat(server.redis().smembers(prefix + "_kombu.binding.celery"))
          .containsExactly("celery" + SEP + SEP + "celery");
      assertThat(server.redis().smembers(prefix + "_kombu.binding.ev"))
          .containsExactly("task.#" + SEP + "^task\\..*?$" + SEP + "events");
    }

    @Test
    @DisplayName("priorities go to the <queue>\\x06\\x16<step> lists of priority_steps")
    void priorityLists() {
      Transport transport = transport();
      for (int p : new int[] {0, 1, 3, 5, 6, 8, 9, 12}) {
        transport.publish("", "prio", withPriority(message("id" + p, "x"), p));
      }

      assertThat(server.redis().llen(prefix + "prio")).isEqualTo(2);
      assertThat(server.redis().llen(prefix + "prio" + SEP + "3")).isEqualTo(2);
      assertThat(server.redis().llen(prefix + "prio" + SEP + "6")).isEqualTo(2);
      assertThat(server.redis().llen(prefix + "prio" + SEP + "9")).isEqualTo(2);
      String element = server.redis().lindex(prefix + "prio" + SEP + "9", 0);
      assertThat(KombuEnvelope.decode(element, "prio").info().priority()).isEqualTo(12);
    }

    @Test
    @DisplayName("a delivery is tracked in unacked as [envelope, exchange, routing_key] and in"
        + " unacked_index with the delivery time; ack removes both")
    void unackedBookkeeping() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("bookkeeping");
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "[[1], {}, {}]"));
      String element = server.redis().lindex(prefix + q.name(), 0);
      String tag = KombuEnvelope.decode(element, q.name()).deliveryTag();
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 1, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(server.redis().hget(prefix + "unacked", tag))
          .isEqualTo("[" + element + ", \"\", \"bookkeeping\"]");
      List<ScoredValue<String>> index =
          server.redis().zrangeWithScores(prefix + "unacked_index", 0, -1);
      assertThat(index).hasSize(1);
      assertThat(index.get(0).getValue()).isEqualTo(tag);
      assertThat(index.get(0).getScore())
          .isCloseTo(System.currentTimeMillis() / 1000.0, within(30.0));

      recorder.get(0).settlement().ack();

      await().atMost(TIMEOUT).until(() -> server.redis().hlen(prefix + "unacked") == 0);
      assertThat(server.redis().zcard(prefix + "unacked_index")).isZero();
    }

    @Test
    @DisplayName("the unacked entry escapes the routing key as Python's json.dumps does")
    void unackedEntryEscapesLikePython() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("q\u00e9\uD83D\uDE00\"\\\t\u007f");
      transport.publish("", q.name(), message("id-1", "x"));
      String element = server.redis().lindex(prefix + q.name(), 0);
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 1, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      String value = server.redis().hvals(prefix + "unacked").get(0);
      assertThat(value)
          .isEqualTo("[" + element + ", \"\", \"q\\u00e9\\ud83d\\ude00\\\"\\\\\\t\\u007f\"]");
      assertThat(value).isEqualTo(RedisQoS.unackedEntry(element, "", q.name()));
    }

    @Test
    @DisplayName("a delivery taken by BRPOP while the consumer waits is tracked the same way")
    void unackedBookkeepingAfterBlockingPop() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("blocking");
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> server.redis().clientList().contains("cmd=brpop"));

      transport.publish("", q.name(), message("id-1", "late"));

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      String tag = recorder.get(0).message().properties().correlationId();
      Map<String, String> unacked = server.redis().hgetall(prefix + "unacked");
      assertThat(unacked).hasSize(1);
      String value = unacked.values().iterator().next();
      assertThat(value).startsWith("[{\"body\": ").endsWith("}, \"\", \"blocking\"]");
      assertThat(tag).isEqualTo("id-1");
    }

    @Test
    @DisplayName("a BRPOP delivery acked or requeued inside the handler, while its bookkeeping may"
        + " still be unanswered, is requeued once, acked, and leaves no unacked entry")
    void settlingBeforeTheBookkeepingIsAnsweredKeepsItExact() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("eager");
      transport.declareQueue(q);
      List<Delivery> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      transport.consume(List.of(q), 1, delivery -> {
        seen.add(delivery);
        // settled in the handler's own thread, right on delivery
        delivery.settlement().reject(!delivery.info().redelivered());
      });
      for (int i = 1; i <= 20; i++) {
        awaitBlockedInBrpop();
        transport.publish("", q.name(), message("id-" + i, "eager"));
        int delivered = 2 * i;
        await().atMost(TIMEOUT).until(() -> seen.size() == delivered);
      }

      assertThat(seen).extracting(d -> d.message().properties().correlationId())
          .containsExactly(java.util.stream.IntStream.rangeClosed(1, 20)
              .mapToObj(i -> "id-" + i).flatMap(id -> java.util.stream.Stream.of(id, id))
              .toArray(String[]::new));
      await().atMost(TIMEOUT).until(() -> server.redis().hlen(prefix + "unacked") == 0);
      assertThat(server.redis().zcard(prefix + "unacked_index")).isZero();
      assertThat(server.redis().llen(prefix + q.name())).isZero();
    }

    @Test
    @DisplayName("after a BRPOP delivery whose bookkeeping found no other message waiting, the"
        + " consumer blocks in BRPOP again without running fetch.lua first")
    void blocksAgainWithoutAFetchWhenNothingElseWaits() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("idle");
      QueueSpec staging = QueueSpec.of("staging");
      transport.declareQueue(q);
      transport.declareQueue(staging);
      for (int i = 1; i <= 10; i++) {
        transport.publish("", staging.name(), message("id-" + i, "idle"));
      }
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 0, recorder);
      awaitBlockedInBrpop();
      long before = evalshaCalls();

      for (int i = 1; i <= 10; i++) {
        server.redis().rpoplpush(prefix + staging.name(), prefix + q.name());
        int delivered = i;
        await().atMost(TIMEOUT).until(() -> recorder.count() == delivered);
        awaitBlockedInBrpop();
      }

      assertThat(evalshaCalls() - before).as("one track.lua per message, no fetch.lua")
          .isEqualTo(10);
      assertThat(server.redis().hlen(prefix + "unacked")).isEqualTo(10);
    }

    private void awaitBlockedInBrpop() {
      await().atMost(TIMEOUT).until(() -> server.redis().clientList().lines()
          .anyMatch(client -> client.contains("cmd=brpop") && client.contains(" flags=b ")));
    }

    private long evalshaCalls() {
      return server.redis().info("commandstats").lines()
          .filter(line -> line.startsWith("cmdstat_evalsha:"))
          .mapToLong(line ->
              Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*", "$1")))
          .sum();
    }

    @Test
    @DisplayName("large envelopes, taken one by one with BRPOP and a MULTI once one was seen, are"
        + " tracked exactly as small ones")
    void largeEnvelopesAreTrackedLikeSmallOnes() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("large");
      transport.declareQueue(q);
      String body = "x".repeat(RedisConsumer.LARGE_ENVELOPE);
      transport.publish("", q.name(), message("id-1", body));
      transport.publish("", q.name(), message("id-2", body));
      List<String> elements = new java.util.ArrayList<>(server.redis().lrange(prefix + q.name(), 0, -1));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 10, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);

      transport.publish("", q.name(), message("id-3", body));
      transport.publish("", q.name(), message("id-4", body));
      elements.addAll(0, server.redis().lrange(prefix + q.name(), 0, -1));
      await().atMost(TIMEOUT).until(() -> recorder.count() == 4);

      Map<String, String> unacked = server.redis().hgetall(prefix + "unacked");
      assertThat(unacked).hasSize(4);
      for (String element : elements) {
        String tag = KombuEnvelope.decode(element, q.name()).deliveryTag();
        assertThat(unacked.get(tag)).isEqualTo("[" + element + ", \"\", \"large\"]");
        assertThat(server.redis().zscore(prefix + "unacked_index", tag))
            .isCloseTo(System.currentTimeMillis() / 1000.0, within(30.0));
      }
      for (int i = 0; i < 4; i++) {
        recorder.get(i).settlement().ack();
      }
      await().atMost(TIMEOUT).until(() -> server.redis().hlen(prefix + "unacked") == 0);
      assertThat(server.redis().zcard(prefix + "unacked_index")).isZero();
    }

    @Test
    @DisplayName("unsettled deliveries go back to the front of their list with redelivered flags"
        + " and the same delivery tag on close")
    void restoreOnClose() {
      Transport first = open(Map.of());
      QueueSpec q = QueueSpec.of("restore");
      first.declareQueue(q);
      first.publish("", q.name(), message("id-1", "first"));
      first.publish("", q.name(), message("id-2", "second"));
      String original = server.redis().lindex(prefix + q.name(), -1);
      Recorder recorder = new Recorder();
      first.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      first.close();

      List<String> list = server.redis().lrange(prefix + q.name(), 0, -1);
      assertThat(list).hasSize(2);
      Object restored = PythonJson.read(original);
      KombuEnvelope.markRedelivered(restored);
      assertThat(list.get(1)).isEqualTo(PythonJson.write(restored)); // RPUSH: next to be taken
      assertThat(server.redis().hlen(prefix + "unacked")).isZero();
    }

    @Test
    @DisplayName("reject with requeue puts the message at the back of its queue")
    void requeueGoesToTheBack() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("requeue");
      transport.declareQueue(q);
      transport.publish("", q.name(), message("id-1", "first"));
      transport.publish("", q.name(), message("id-2", "second"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 1, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      recorder.get(0).settlement().reject(true);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 2);
      assertThat(recorder.get(1).message().properties().correlationId()).isEqualTo("id-2");
      recorder.get(1).settlement().ack();
      await().atMost(TIMEOUT).until(() -> recorder.count() == 3);
      assertThat(recorder.get(2).message().properties().correlationId()).isEqualTo("id-1");
      assertThat(recorder.get(2).info().redelivered()).isTrue();
    }

    @Test
    @DisplayName("lower priority numbers are served first")
    void lowerPriorityNumberFirst() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("prio");
      for (int p : new int[] {9, 0, 5}) {
        transport.publish("", q.name(), withPriority(message("id-" + p, "p" + p), p));
      }
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 0, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 3);
      assertThat(recorder.deliveries())
          .extracting(d -> d.message().properties().priority())
          .containsExactly(0, 5, 9);
    }
  }

  @Nested
  @DisplayName("Visibility timeout")
  class Visibility {

    @Test
    @DisplayName("a message held unacknowledged past visibility_timeout is redelivered to another"
        + " consumer")
    void redeliversAfterVisibilityTimeout() {
      Map<String, Object> options = Map.of("visibility_timeout", 1);
      Transport holder = transport(options);
      QueueSpec q = QueueSpec.of("vt");
      holder.declareQueue(q);
      holder.publish("", q.name(), message("id-1", "slow"));
      Recorder held = new Recorder();
      holder.consume(List.of(q), 1, held);
      await().atMost(TIMEOUT).until(() -> held.count() == 1);

      Transport other = transport(options);
      Recorder recorder = new Recorder();
      other.consume(List.of(q), 1, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      Delivery again = recorder.get(0);
      assertThat(again.info().redelivered()).isTrue();
      assertThat(again.message().properties().correlationId()).isEqualTo("id-1");
    }

    @Test
    @DisplayName("a message left in unacked by a killed worker is put back by a consuming"
        + " transport")
    void restoresEntriesOfDeadWorkers() {
      String element = KombuEnvelope.encode("", "dead", message("id-9", "orphan"), "tag-9");
      server.redis().hset(prefix + "unacked", "tag-9",
          RedisQoS.unackedEntry(element, "", "dead"));
      server.redis().zadd(prefix + "unacked_index", System.currentTimeMillis() / 1000.0 - 10,
          "tag-9");
      Transport transport = transport(Map.of("visibility_timeout", 1));
      Recorder recorder = new Recorder();

      transport.consume(List.of(QueueSpec.of("dead")), 1, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
      assertThat(recorder.get(0).info().redelivered()).isTrue();
      assertThat(recorder.get(0).message().headers()).containsEntry("redelivered", true);
      assertThat(server.redis().exists(prefix + "unacked_mutex")).isZero();
    }
  }

  @Test
  void maskedPasswordInConnectionErrors() {
    assertThatThrownBy(
            () -> Transports.open("redis://user:s3cret@127.0.0.1:1/0", Map.of()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("redis://user:**@127.0.0.1:1/0")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void refusesAckEmulationOff() {
    assertThatThrownBy(() -> open(Map.of("ack_emulation", false)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("ack_emulation");
  }

  @Test
  void publishingToTheCelerysDefaultExchangeRoutesByBinding() {
    Transport transport = transport();
    transport.declareQueue(QueueSpec.of("routed"));

    Transport other = transport(); // another process that only knows the binding in Redis
    other.publish("routed", "routed", message("id-1", "x"));

    assertThat(transport.size("routed")).isEqualTo(1);
  }
}
