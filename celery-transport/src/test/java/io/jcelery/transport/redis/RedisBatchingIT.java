package io.jcelery.transport.redis;

import static io.jcelery.transport.TransportContract.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportContract.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How the Redis transport batches under load: a fetch sent while the last batch is handed out,
 * and acks of many threads sent together, each against a real Redis. Kombu's keys and values and
 * the transport contract are in {@link RedisTransportIT}.
 */
class RedisBatchingIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RedisTestServer server;
  private String prefix;

  @BeforeEach
  void connect() {
    server = new RedisTestServer();
    prefix = server.prefix();
  }

  @AfterEach
  void cleanUp() {
    server.close();
  }

  /** A transport closed after the test. */
  private Transport transport(Map<String, Object> options) {
    return server.open(options);
  }

  private Transport transport() {
    return transport(Map.of());
  }

  @Nested
  @DisplayName("Fetching while the last batch is handed out")
  class OverlappingFetches {

    @Test
    @DisplayName("with no prefetch limit, 700 waiting messages (several batches) arrive once each,"
        + " in queue order")
    void batchesArriveOnceEachInQueueOrder() {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("overlap-order");
      transport.declareQueue(q);
      int n = 700;
      for (int i = 0; i < n; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      Recorder recorder = new Recorder();

      transport.consume(List.of(q), 0, recorder);

      await().atMost(TIMEOUT).until(() -> recorder.count() >= n);
      List<String> ids = new ArrayList<>();
      recorder.deliveries().forEach(d -> ids.add(String.valueOf(d.message().headers().get("id"))));
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add("id-" + i);
      }
      assertThat(ids).containsExactlyElementsOf(expected);
      assertThat(server.redis().hlen(prefix + "unacked")).isEqualTo(n);
    }

    @Test
    @DisplayName("deliveries acked by other threads, as a pool acks them, never leave more than"
        + " the prefetch count unsettled")
    void acksFromOtherThreadsKeepThePrefetchLimit() throws InterruptedException {
      Transport transport = transport();
      QueueSpec q = QueueSpec.of("overlap-prefetch");
      transport.declareQueue(q);
      int n = 2000;
      int prefetch = 40;
      for (int i = 0; i < n; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      AtomicInteger unsettled = new AtomicInteger();
      AtomicInteger mostUnsettled = new AtomicInteger();
      AtomicInteger received = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        transport.consume(
            List.of(q),
            prefetch,
            delivery -> {
              mostUnsettled.accumulateAndGet(unsettled.incrementAndGet(), Math::max);
              received.incrementAndGet();
              pool.execute(
                  () -> {
                    unsettled.decrementAndGet(); // before the ack frees the place
                    delivery.settlement().ack();
                  });
            });

        await().atMost(TIMEOUT).until(() -> received.get() == n);
      } finally {
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(mostUnsettled.get()).isBetween(1, prefetch);
      await().atMost(TIMEOUT).until(() -> server.redis().hlen(prefix + "unacked") == 0);
      assertThat(server.redis().llen(prefix + q.name())).isZero();
    }
  }

  @Nested
  @DisplayName("Acks sent together")
  class BatchedAcks {

    private List<Delivery> consumeAll(Transport transport, QueueSpec q, int n) {
      transport.declareQueue(q);
      for (int i = 0; i < n; i++) {
        transport.publish("", q.name(), message("id-" + i, "m" + i));
      }
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 0, recorder);
      await().atMost(TIMEOUT).until(() -> recorder.count() == n);
      assertThat(server.redis().hlen(prefix + "unacked")).isEqualTo(n);
      return recorder.deliveries();
    }

    private void ackFromManyThreads(List<Delivery> deliveries) throws InterruptedException {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        deliveries.forEach(d -> pool.execute(() -> d.settlement().ack()));
      } finally {
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
    }

    @Test
    @DisplayName("acks issued from many threads at once all remove their tag from unacked and"
        + " unacked_index")
    void acksFromManyThreadsAllLand() throws InterruptedException {
      Transport transport = transport();
      List<Delivery> deliveries = consumeAll(transport, QueueSpec.of("many-acks"), 300);

      ackFromManyThreads(deliveries);

      await().atMost(TIMEOUT).until(() -> server.redis().hlen(prefix + "unacked") == 0);
      assertThat(server.redis().zcard(prefix + "unacked_index")).isZero();
    }

    @Test
    @DisplayName("close applies every ack issued before it")
    void closeFlushesAcks() throws InterruptedException {
      Transport transport = server.open(Map.of());
      List<Delivery> deliveries = consumeAll(transport, QueueSpec.of("close-acks"), 300);
      ackFromManyThreads(deliveries);

      transport.close();

      assertThat(server.redis().hlen(prefix + "unacked")).isZero();
      assertThat(server.redis().zcard(prefix + "unacked_index")).isZero();
      assertThat(server.redis().llen(prefix + "close-acks")).isZero();
    }

    @Test
    @DisplayName("an ack the broker fails is logged, and the message is delivered again after"
        + " visibility_timeout")
    void failedAckIsLoggedAndRedeliveredAfterVisibilityTimeout() {
      Logger logger = (Logger) LoggerFactory.getLogger(AckCoalescer.class);
      ListAppender<ILoggingEvent> log = new ListAppender<>();
      log.start();
      logger.addAppender(log);
      try {
        Map<String, Object> options = Map.of("visibility_timeout", 1);
        Transport holder = transport(options);
        List<Delivery> held = consumeAll(holder, QueueSpec.of("failed-ack"), 1);
        String index = prefix + "unacked_index";
        server.redis().rename(index, index + ".saved");
        server.redis().set(index, "not a sorted set"); // the ack script's ZREM fails: WRONGTYPE

        held.get(0).settlement().ack();

        await().atMost(TIMEOUT).until(() -> !log.list.isEmpty());
        assertThat(log.list.get(0).getFormattedMessage())
            .contains("Could not acknowledge 1 message(s)", "WRONGTYPE", "visibility_timeout");
        holder.close(); // nothing unsettled is left to restore: the ack was issued
        server.redis().del(index);
        server.redis().rename(index + ".saved", index);
        Transport other = transport(options);
        Recorder recorder = new Recorder();
        other.consume(List.of(QueueSpec.of("failed-ack")), 1, recorder);
        await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
        assertThat(recorder.get(0).info().redelivered()).isTrue();
        assertThat(recorder.get(0).message().properties().correlationId()).isEqualTo("id-0");
      } finally {
        logger.detachAppender(log);
      }
    }
  }
}
