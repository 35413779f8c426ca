package io.jcelery.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AckCoalescerTest {

  /** Records each call and leaves it in flight until the test completes it. */
  private final List<List<String>> calls = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Object>> replies = new CopyOnWriteArrayList<>();
  private final AckCoalescer acks = new AckCoalescer(this::send);
  private ExecutorService threads;

  private CompletionStage<?> send(List<String> tags) {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    calls.add(List.copyOf(tags));
    replies.add(reply);
    return reply;
  }

  @AfterEach
  void stopThreads() {
    if (threads != null) {
      threads.shutdownNow();
    }
  }

  @Test
  void aLoneAckIsSentAtOnce() {
    acks.ack("a");

    assertThat(calls).containsExactly(List.of("a"));
  }

  @Test
  void acksIssuedWhileACallIsInFlightGoOutTogetherWhenItIsAnswered() {
    acks.ack("a");
    acks.ack("b");
    acks.ack("c");
    assertThat(calls).containsExactly(List.of("a"));

    replies.get(0).complete(2L);

    assertThat(calls).containsExactly(List.of("a"), List.of("b", "c"));
  }

  @Test
  void acksFromManyThreadsAllLandExactlyOnceInFewerCalls() throws InterruptedException {
    AckCoalescer answered =
        new AckCoalescer(
            tags -> {
              calls.add(List.copyOf(tags));
              return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(
                  200, TimeUnit.MICROSECONDS));
            });
    threads = Executors.newFixedThreadPool(8);
    CountDownLatch done = new CountDownLatch(8);
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      for (int i = 0; i < 500; i++) {
        expected.add(thread + "-" + i);
      }
      threads.execute(
          () -> {
            for (int i = 0; i < 500; i++) {
              answered.ack(thread + "-" + i);
            }
            done.countDown();
          });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(answered.flush(Duration.ofSeconds(30))).isTrue();

    List<String> sent = calls.stream().flatMap(List::stream).toList();
    assertThat(sent).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(calls.size()).isLessThan(expected.size());
    assertThat(calls).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(
        AckCoalescer.MAX_BATCH));
  }

  @Test
  void flushWaitsUntilEveryAckIsAnswered() {
    acks.ack("a");
    acks.ack("b");

    assertThat(acks.flush(Duration.ofMillis(50))).isFalse();
    CompletableFuture<Boolean> flushed =
        CompletableFuture.supplyAsync(() -> acks.flush(Duration.ofSeconds(30)));
    replies.get(0).complete(1L);
    await().atMost(Duration.ofSeconds(10)).until(() -> replies.size() == 2);
    assertThat(flushed).isNotDone();
    replies.get(1).complete(1L);

    assertThat(flushed.join()).isTrue();
    assertThat(calls).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void aFailedCallIsLoggedWithItsTagsAndLaterAcksStillGoOut() {
    Logger logger = (Logger) LoggerFactory.getLogger(AckCoalescer.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      acks.ack("a");
      acks.ack("b");

      replies.get(0).completeExceptionally(new IllegalStateException("WRONGTYPE"));
      replies.get(1).complete(1L);
      acks.ack("c");

      assertThat(calls).containsExactly(List.of("a"), List.of("b"), List.of("c"));
      assertThat(log.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("1 message(s) [a]", "WRONGTYPE", "visibility_timeout");
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void aSendThatThrowsIsLoggedAndDoesNotBlockLaterAcks() {
    List<List<String>> attempts = new ArrayList<>();
    AckCoalescer throwing =
        new AckCoalescer(
            tags -> {
              attempts.add(List.copyOf(tags));
              if (attempts.size() == 1) {
                throw new IllegalStateException("connection closed");
              }
              return CompletableFuture.completedFuture(1L);
            });

    throwing.ack("a");
    throwing.ack("b");

    assertThat(attempts).containsExactly(List.of("a"), List.of("b"));
    assertThat(throwing.flush(Duration.ofSeconds(1))).isTrue();
  }
}
