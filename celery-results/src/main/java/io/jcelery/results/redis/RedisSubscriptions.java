package io.jcelery.results.redis;

import io.jcelery.results.KeyValueResultBackend.KeyWatch;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Channel subscriptions shared by every waiter of one backend, as Celery's {@code ResultConsumer}
 * ({@code celery/backends/redis.py}) keeps one pub/sub connection: SUBSCRIBE when the first waiter
 * of a channel arrives, UNSUBSCRIBE when the last leaves. A message, or a reconnection (after which
 * a store may have been missed; Celery re-reads then too), wakes the waiters, which re-read the
 * key.
 *
 * <p>A waiter also re-reads the key every {@link #RECHECK} without a message: a notification can
 * be lost without a reconnection (in the full benchmark run of 2026-12-08, one waiter among tens
 * of thousands of round trips was not woken by its result's PUBLISH and ran into its 10 s timeout
 * with the result stored; not reproduced in isolation), and a missed one should cost a second, not
 * the caller's whole timeout. Celery's {@code ResultConsumer} reads the key only when it
 * subscribes; the extra GET per second per waiter is all this adds.
 */
final class RedisSubscriptions implements AutoCloseable {

  /** How long a waiter waits for a message before it re-reads the key anyway. */
  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final Supplier<StatefulRedisPubSubConnection<String, byte[]>> connect;

  /** Read by the Lettuce event loop without locking; never lock there (see subscribe). */
  private final Map<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();

  private final Object lock = new Object();
  private StatefulRedisPubSubConnection<String, byte[]> connection;

  RedisSubscriptions(Supplier<StatefulRedisPubSubConnection<String, byte[]>> connect) {
    this.connect = connect;
  }

  /** Registers a waiter, then SUBSCRIBEs (synchronously) if it is the channel's first. */
  KeyWatch subscribe(String channel) {
    Semaphore signal = new Semaphore(0);
    synchronized (lock) {
      StatefulRedisPubSubConnection<String, byte[]> pubsub = connection();
      Set<Semaphore> channelWaiters =
          waiters.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet());
      boolean first = channelWaiters.isEmpty();
      channelWaiters.add(signal);
      if (first) {
        try {
          pubsub.sync().subscribe(channel);
        } catch (RuntimeException e) {
          unsubscribe(channel, signal);
          throw e;
        }
      }
    }
    return new KeyWatch() {
      @Override
      public void await(Duration max) throws InterruptedException {
        long nanos = Math.min(max.toNanos(), RECHECK.toNanos());
        if (signal.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
          signal.drainPermits();
        }
      }

      @Override
      public void close() {
        synchronized (lock) {
          unsubscribe(channel, signal);
        }
      }
    };
  }

  /** Wakes every waiter: the connection came back, so a notification may have been lost. */
  void wakeAll() {
    waiters.values().forEach(set -> set.forEach(Semaphore::release));
  }

  @Override
  public void close() {
    synchronized (lock) {
      wakeAll();
      waiters.clear();
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }

  private void unsubscribe(String channel, Semaphore signal) {
    Set<Semaphore> channelWaiters = waiters.get(channel);
    if (channelWaiters == null || !channelWaiters.remove(signal) || !channelWaiters.isEmpty()) {
      return;
    }
    waiters.remove(channel);
    if (connection != null && connection.isOpen()) {
      connection.async().unsubscribe(channel);
    }
  }

  private StatefulRedisPubSubConnection<String, byte[]> connection() {
    if (connection == null) {
      StatefulRedisPubSubConnection<String, byte[]> opened = connect.get();
      opened.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
              Set<Semaphore> channelWaiters = waiters.get(channel);
              if (channelWaiters != null) {
                channelWaiters.forEach(Semaphore::release);
              }
            }
          });
      connection = opened;
    }
    return connection;
  }
}
