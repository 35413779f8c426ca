package io.jcelery.transport.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the acks of many pool threads as few {@code ack.lua} calls: while one call is in flight,
 * the tags acked meanwhile wait and go out together in the next call, sent as soon as the reply to
 * the previous one arrives. An ack when nothing is in flight is sent at once, so a lone ack is not
 * delayed; under load each call carries every ack of the last round trip. kombu acks one tag per
 * pipeline ({@code QoS.ack}); the effect on {@code unacked} and {@code unacked_index} is the same,
 * one HDEL and ZREM per tag.
 *
 * <p>Like kombu's ack, an ack is not confirmed to the caller: when a call fails, its tags stay in
 * {@code unacked} and the messages are delivered again after {@code visibility_timeout}, which is
 * logged. {@link #flush} waits until every ack handed in before it was answered. Thread-safe.
 */
final class AckCoalescer {

  private static final Logger LOG = LoggerFactory.getLogger(AckCoalescer.class);
  /** Most tags one call carries (ARGV of one EVALSHA). */
  static final int MAX_BATCH = 1000;

  private final Function<List<String>, CompletionStage<?>> send;
  private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
  /** 1 while a call is in flight; only its owner sends. */
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile CompletableFuture<Void> lastCall = CompletableFuture.completedFuture(null);

  /**
   * @param send runs {@code ack.lua} for the tags; the stage completes with its reply
   */
  AckCoalescer(Function<List<String>, CompletionStage<?>> send) {
    this.send = send;
  }

  /** Queues an ack of {@code tag} and sends it now unless a call is in flight. */
  void ack(String tag) {
    pending.add(tag);
    sendPending();
  }

  /**
   * Waits until every ack queued before this call has been answered (or has failed and been
   * logged), at most {@code timeout}.
   *
   * @return whether everything was answered in time
   */
  boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      sendPending();
      CompletableFuture<Void> call = lastCall;
      if (pending.isEmpty() && inFlight.get() == 0) {
        return true;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        call.get(remaining, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException | TimeoutException e) {
        // a failed call is logged by its completion; a slow one is checked again
      }
    }
  }

  private void sendPending() {
    while (!pending.isEmpty() && inFlight.compareAndSet(0, 1)) {
      List<String> batch = new ArrayList<>();
      String tag;
      while (batch.size() < MAX_BATCH && (tag = pending.poll()) != null) {
        batch.add(tag);
      }
      if (batch.isEmpty()) {
        inFlight.set(0); // another sender took them; look again
        continue;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      lastCall = done;
      CompletionStage<?> call;
      try {
        call = send.apply(batch);
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      call.whenComplete(
          (reply, error) -> {
            if (error != null) {
              LOG.error("Could not acknowledge {} message(s) {}: {}; they will be delivered again"
                  + " after visibility_timeout", batch.size(), abbreviated(batch), error.toString());
            }
            inFlight.set(0);
            done.complete(null);
            sendPending();
          });
      return;
    }
  }

  private static String abbreviated(List<String> tags) {
    return tags.size() <= 5 ? tags.toString() : tags.subList(0, 5) + "...";
  }
}
