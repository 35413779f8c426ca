package io.jcelery.transport.redis;

import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.virtual.AbstractSettlement;
import io.jcelery.transport.virtual.KombuEnvelope;
import io.jcelery.transport.virtual.QoS;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumption of Redis queues on a dedicated connection. While messages wait, one EVALSHA of
 * {@code fetch.lua} takes as many as the prefetch limit allows, in kombu's BRPOP order with its
 * bookkeeping, and the next one is sent while that batch is handed out; when the queues are
 * empty, BRPOP blocks (1 s, as kombu) so nothing polls busily.
 */
final class RedisConsumer implements Consumer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConsumer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Most messages one fetch takes when the prefetch count is unlimited. */
  private static final int MAX_BATCH = 256;
  private static final long BRPOP_TIMEOUT_SECONDS = 1;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long JOIN_MILLIS = 10_000;
  /**
   * Envelopes longer than this are taken as kombu takes them, BRPOP then ZADD and HSET in one
   * MULTI, not through a script: Redis 7 hashes every string a script handles, which costs more
   * than the copy itself for a large message (about 0.3 ms of Redis CPU for 130 KB).
   */
  static final int LARGE_ENVELOPE = 16 * 1024;

  private final RedisTransport transport;
  private final RedisKeys keys;
  private final RedisQoS redisQos;
  private final StatefulRedisConnection<String, String> connection;
  private final List<String> cycle;
  private final boolean rotate;
  private final DeliveryHandler handler;
  private final QoS<String> qos;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long clientId = -1;
  private boolean failing;
  /** The last envelope taken was large: take the next ones one by one, without scripts. */
  private boolean large;

  RedisConsumer(
      RedisTransport transport,
      List<String> queues,
      int prefetchCount,
      DeliveryHandler handler,
      StatefulRedisConnection<String, String> connection) {
    this.transport = transport;
    this.keys = transport.keys();
    this.redisQos = transport.redisQos();
    this.connection = connection;
    this.cycle = new ArrayList<>(queues);
    String strategy = transport.options().queueOrderStrategy();
    if (strategy.equals("sorted")) {
      cycle.sort(null);
    }
    this.rotate = strategy.equals("round_robin");
    this.handler = handler;
    this.qos = new QoS<>(prefetchCount);
    this.thread = new Thread(this::run, "jcelery-redis-consumer-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Delivery tags handed out and not settled; the transport restores them when it closes. */
  QoS<String> qos() {
    return qos;
  }

  @Override
  public void setPrefetchCount(int prefetchCount) {
    qos.setPrefetchCount(prefetchCount);
  }

  @Override
  public int prefetchCount() {
    return qos.prefetchCount();
  }

  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    qos.wakeUp();
    long id = clientId;
    if (id >= 0) {
      transport.unblock(id); // BRPOP returns nil at once, as if timed out: no message is lost
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    connection.closeAsync();
  }

  private void run() {
    RedisCommands<String, String> redis = connection.sync();
    while (!stopped) {
      try {
        if (!qos.awaitCapacity(1, TimeUnit.SECONDS) || stopped) {
          continue;
        }
        if ((large || fetchWhileWaiting() == 0) && !stopped) {
          blockingPop(redis);
        }
        if (failing) {
          LOG.info("{}: consuming again from {}", transport, cycle);
          failing = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RedisException | io.jcelery.transport.TransportException e) {
        if (stopped) {
          return;
        }
        clientId = -1;
        if (!failing) {
          LOG.warn("{}: consuming from {} failed; retrying every second", transport, cycle, e);
          failing = true;
        }
        LockSupport.parkNanos(RETRY_NANOS);
      }
    }
  }

  /**
   * Takes waiting messages, batch after batch while the queues have some and the prefetch limit
   * allows; returns how many. Each fetch is sent before the batch before it is delivered, so
   * Redis runs one script while this thread decodes and hands out the other batch.
   */
  private int fetchWhileWaiting() throws InterruptedException {
    Fetch fetch = sendFetch(qos.capacity(MAX_BATCH));
    int total = 0;
    while (fetch != null) {
      List<Object> taken = await(fetch.reply());
      int count = taken.size() / 3;
      total += count;
      String[] queues = new String[count];
      for (int i = 0; i < count; i++) {
        queues[i] = fetch.order().get(((Number) taken.get(3 * i)).intValue() - 1);
        served(queues[i]);
        large |= ((String) taken.get(3 * i + 1)).length() > LARGE_ENVELOPE;
      }
      fetch = null;
      // The batch in hand counts against the prefetch limit before it is delivered.
      int more = count == 0 || large || stopped ? 0 : qos.capacity(MAX_BATCH + count) - count;
      if (more > 0) {
        fetch = sendFetch(more);
      }
      for (int i = 0; i < count; i++) {
        String tag = (String) taken.get(3 * i + 2);
        deliver(queues[i], (String) taken.get(3 * i + 1), tag.isEmpty() ? null : tag, null);
      }
    }
    return total;
  }

  /** The queues in the order the script was given them, and its reply to come. */
  private record Fetch(List<String> order, CompletionStage<List<Object>> reply) {}

  /** Sends {@code fetch.lua} for up to {@code max} messages without waiting for its reply. */
  private Fetch sendFetch(int max) {
    List<String> order = List.copyOf(cycle);
    List<Integer> steps = keys.steps();
    String[] scriptKeys = new String[2 + order.size() * steps.size()];
    String[] index = redisQos.indexKeys();
    scriptKeys[0] = index[0];
    scriptKeys[1] = index[1];
    int k = 2;
    for (String queue : order) {
      for (int step : steps) {
        scriptKeys[k++] = keys.queue(queue, step);
      }
    }
    return new Fetch(
        order,
        LuaScript.FETCH.runAsync(
            connection.async(), ScriptOutputType.MULTI, scriptKeys, Integer.toString(max),
            RedisQoS.now(), Integer.toString(steps.size()), Integer.toString(order.size()),
            rotate ? "1" : "0"));
  }

  /** The reply, within the connection's command timeout; Redis errors rethrown as they are. */
  private <T> T await(CompletionStage<T> reply) throws InterruptedException {
    Duration timeout = connection.getTimeout();
    try {
      return reply.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RedisException r ? r : new RedisException(cause);
    } catch (TimeoutException e) {
      throw new RedisCommandTimeoutException("fetch.lua: no reply within " + timeout);
    }
  }

  /** kombu's path when nothing waits: one BRPOP over every list, then the bookkeeping. */
  private void blockingPop(RedisCommands<String, String> redis) {
    List<String> listKeys = new ArrayList<>();
    for (int step : keys.steps()) {
      for (String queue : cycle) {
        listKeys.add(keys.queue(queue, step));
      }
    }
    if (clientId < 0) {
      // Asked once per connection, again after a failure. Should Lettuce reconnect silently, the
      // id is stale and close() waits out the BRPOP timeout (1 s) instead of unblocking it.
      clientId = redis.clientId();
    }
    if (stopped) {
      return;
    }
    KeyValue<String, String> popped =
        redis.brpop(BRPOP_TIMEOUT_SECONDS, listKeys.toArray(String[]::new));
    if (popped == null || !popped.hasValue()) {
      return;
    }
    String queue = keys.queueOfList(popped.getKey());
    served(queue);
    String envelope = popped.getValue();
    large = envelope.length() > LARGE_ENVELOPE;
    KombuEnvelope.Decoded decoded = decodeOrNull(queue, envelope);
    String tag = decoded == null ? null : decoded.deliveryTag();
    if (tag != null && !tag.isEmpty()) {
      String entry =
          RedisQoS.unackedEntry(envelope, decoded.info().exchange(), decoded.info().routingKey());
      if (large) {
        track(tag, entry);
      } else {
        LuaScript.TRACK.run(
            redis, ScriptOutputType.INTEGER, redisQos.indexKeys(), tag, RedisQoS.now(), entry);
      }
    }
    if (decoded != null) {
      deliver(queue, envelope, tag, decoded);
    }
  }

  /** kombu {@code QoS.append}: ZADD and HSET in one MULTI, sent together, one round trip. */
  private void track(String tag, String entry) {
    String[] index = redisQos.indexKeys();
    RedisAsyncCommands<String, String> async = connection.async();
    async.multi();
    async.zadd(index[1], Double.parseDouble(RedisQoS.now()), tag);
    async.hset(index[0], tag, entry);
    TransactionResult result = LettuceFutures.awaitOrCancel(
        async.exec(), connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (result.wasDiscarded()) {
      throw new RedisException("MULTI for the unacked bookkeeping of " + tag + " was discarded");
    }
  }

  private void served(String queue) {
    if (rotate) {
      cycle.remove(queue);
      cycle.add(queue);
    }
  }

  private void deliver(String queue, String envelope, String tag, KombuEnvelope.Decoded decoded) {
    if (decoded == null) {
      decoded = decodeOrNull(queue, envelope);
      if (decoded == null) {
        if (tag != null) {
          redisQos.ack(tag);
        }
        return;
      }
    }
    long id = qos.append(tag == null ? "" : tag);
    Settlement settlement = new Settlement(id, tag);
    try {
      handler.onDelivery(new Delivery(decoded.message(), decoded.info(), settlement));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.error("{}: delivery handler failed; requeueing the message", transport, e);
      if (!settlement.isSettled()) {
        settlement.reject(true);
      }
    }
  }

  private KombuEnvelope.Decoded decodeOrNull(String queue, String envelope) {
    try {
      return KombuEnvelope.decode(envelope, queue);
    } catch (RuntimeException e) {
      LOG.error("{}: discarding a message from queue '{}' that is not a kombu envelope: {}",
          transport, queue, envelope.length() > 200 ? envelope.substring(0, 200) : envelope, e);
      return null;
    }
  }

  private final class Settlement extends AbstractSettlement {
    private final long id;
    private final String tag;

    Settlement(long id, String tag) {
      this.id = id;
      this.tag = tag;
    }

    @Override
    protected void onAck() {
      if (qos.remove(id) != null && tag != null) {
        redisQos.ack(tag);
      }
    }

    @Override
    protected void onReject(boolean requeue) {
      if (qos.remove(id) == null || tag == null) {
        return;
      }
      if (requeue) {
        redisQos.restoreByTag(tag, true);
      } else {
        redisQos.ack(tag);
      }
    }
  }
}
