package io.jcelery.transport.redis;

import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.virtual.AbstractSettlement;
import io.jcelery.transport.virtual.KombuEnvelope;
import io.jcelery.transport.virtual.QoS;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * empty, BRPOP blocks (1 s, as kombu) so nothing polls busily. The bookkeeping of a message BRPOP
 * took also counts the messages waiting, so that while they come one at a time the consumer goes
 * from BRPOP to BRPOP without a fetch in between.
 */
final class RedisConsumer implements Consumer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConsumer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Most messages one fetch takes when the prefetch count is unlimited. */
  private static final int MAX_BATCH = 256;
  private static final long BRPOP_TIMEOUT_SECONDS = 1;
  /** The bookkeeping of a message fetch.lua took: done in the same script. */
  private static final CompletionStage<Object> TRACKED = CompletableFuture.completedFuture(null);
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
  /** The last bookkeeping found no message waiting: block with BRPOP without fetching first. */
  private boolean empty;
  /**
   * BRPOP's keys, every list in kombu's order, and track.lua's: unacked, unacked_index, then the
   * same lists. Built on first use and again only after round_robin has rotated the queues.
   */
  private String[] popKeys;
  private String[] trackKeys;

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
    while (!stopped) {
      try {
        if (!qos.awaitCapacity(1, TimeUnit.SECONDS) || stopped) {
          continue;
        }
        if ((large || empty || fetchWhileWaiting() == 0) && !stopped) {
          blockingPop();
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
        String envelope = (String) taken.get(3 * i + 1);
        deliver(queues[i], envelope, tag.isEmpty() ? null : tag, null, TRACKED);
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
      throw new RedisCommandTimeoutException("No reply from Redis within " + timeout);
    }
  }

  /**
   * kombu's path when nothing waits: one BRPOP over every list, then the bookkeeping. BRPOP's
   * reply is handled where it arrives, on the connection's event loop, which decodes the envelope
   * and sends the bookkeeping from there. The message is delivered without waiting for the
   * bookkeeping's reply (its settlement waits for it instead), then this thread waits for that
   * reply, which also says whether more messages wait.
   */
  private void blockingPop() throws InterruptedException {
    if (popKeys == null) {
      buildBlockingKeys();
    }
    String[] lists = popKeys;
    String[] scriptKeys = trackKeys;
    RedisAsyncCommands<String, String> async = connection.async();
    if (clientId < 0) {
      // Asked once per connection, again after a failure. Should Lettuce reconnect silently, the
      // id is stale and close() waits out the BRPOP timeout (1 s) instead of unblocking it.
      clientId = await(async.clientId());
    }
    if (stopped) {
      return;
    }
    Popped popped =
        await(
            async
                .brpop(BRPOP_TIMEOUT_SECONDS, lists)
                .thenApply(reply -> track(async, reply, scriptKeys)));
    if (popped == null) {
      return;
    }
    served(popped.queue());
    large = popped.envelope().length() > LARGE_ENVELOPE;
    if (popped.decoded() != null) {
      deliver(popped.queue(), popped.envelope(), popped.tag(), popped.decoded(), popped.tracked());
    }
    empty = popped.tracked() != null && awaitTracked(popped) == 0;
  }

  /** Every list consumed, priority step first, then queue order, as kombu's BRPOP names them. */
  private void buildBlockingKeys() {
    List<String> lists = new ArrayList<>(List.of(redisQos.indexKeys()));
    for (int step : keys.steps()) {
      for (String queue : cycle) {
        lists.add(keys.queue(queue, step));
      }
    }
    trackKeys = lists.toArray(String[]::new);
    popKeys = Arrays.copyOfRange(trackKeys, 2, trackKeys.length);
  }

  /**
   * A message BRPOP took: decoded (null when it is not a kombu envelope), and the reply to its
   * bookkeeping, the number of messages still waiting (-1: not counted), or null when the message
   * carries no delivery tag to track.
   */
  private record Popped(
      String queue,
      String envelope,
      String tag,
      KombuEnvelope.Decoded decoded,
      CompletionStage<Long> tracked) {}

  /**
   * Runs on the event loop with BRPOP's reply: decodes the envelope and sends its bookkeeping,
   * {@code track.lua}, which also counts the messages still waiting; a large envelope's is
   * kombu's MULTI of ZADD and HSET instead ({@link #LARGE_ENVELOPE}).
   */
  private Popped track(
      RedisAsyncCommands<String, String> async,
      KeyValue<String, String> reply,
      String[] scriptKeys) {
    if (reply == null || !reply.hasValue()) {
      return null;
    }
    String queue = keys.queueOfList(reply.getKey());
    String envelope = reply.getValue();
    KombuEnvelope.Decoded decoded = decodeOrNull(queue, envelope);
    String tag = decoded == null ? null : decoded.deliveryTag();
    if (tag == null || tag.isEmpty()) {
      return new Popped(queue, envelope, tag, decoded, null);
    }
    String entry =
        RedisQoS.unackedEntry(envelope, decoded.info().exchange(), decoded.info().routingKey());
    if (envelope.length() > LARGE_ENVELOPE) {
      // kombu QoS.append: ZADD and HSET in one MULTI, sent together, one round trip.
      async.multi();
      async.zadd(scriptKeys[1], Double.parseDouble(RedisQoS.now()), tag);
      async.hset(scriptKeys[0], tag, entry);
      return new Popped(queue, envelope, tag, decoded, async.exec().thenApply(result -> {
        if (result.wasDiscarded()) {
          throw new RedisException(
              "MULTI for the unacked bookkeeping of " + tag + " was discarded");
        }
        return -1L;
      }));
    }
    return new Popped(queue, envelope, tag, decoded, LuaScript.TRACK.runAsync(
        async, ScriptOutputType.INTEGER, scriptKeys, tag, RedisQoS.now(), entry));
  }

  /**
   * The reply to a popped message's bookkeeping. When it failed, the message runs untracked, as it
   * would have been lost had it not been delivered: logged, and -1 returned.
   */
  private long awaitTracked(Popped popped) throws InterruptedException {
    try {
      return await(popped.tracked());
    } catch (RedisException e) {
      LOG.error("{}: the unacked bookkeeping of message {} failed; it runs untracked, so it is"
          + " not delivered again if this worker is lost before acking it", transport,
          popped.tag(), e);
      return -1;
    }
  }

  private void served(String queue) {
    if (rotate) {
      cycle.remove(queue);
      cycle.add(queue);
      popKeys = null;
      trackKeys = null;
    }
  }

  /**
   * Hands a message to the handler. {@code tracked} completes when its unacked bookkeeping has
   * been answered (already, for messages fetch.lua took); its settlement waits for it, so an ack
   * never reaches Redis before the entry it removes.
   */
  private void deliver(
      String queue,
      String envelope,
      String tag,
      KombuEnvelope.Decoded decoded,
      CompletionStage<?> tracked) {
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
    Settlement settlement = new Settlement(id, tag, tracked);
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
    private final CompletionStage<?> tracked;

    Settlement(long id, String tag, CompletionStage<?> tracked) {
      this.id = id;
      this.tag = tag;
      this.tracked = tracked == null ? TRACKED : tracked;
    }

    @Override
    protected void onAck() {
      if (qos.remove(id) != null && tag != null) {
        tracked.whenComplete((ignored, error) -> redisQos.ack(tag));
      }
    }

    @Override
    protected void onReject(boolean requeue) {
      if (qos.remove(id) == null || tag == null) {
        return;
      }
      if (requeue) {
        // restoreByTag reads the entry the bookkeeping writes: it must have landed
        try {
          long timeout = connection.getTimeout().toNanos();
          tracked.toCompletableFuture().get(timeout, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
          // restoreByTag forgets a tag with no entry; an entry written later stays until the
          // visibility timeout restores it
        }
        redisQos.restoreByTag(tag, true);
      } else {
        tracked.whenComplete((ignored, error) -> redisQos.ack(tag));
      }
    }
  }
}
