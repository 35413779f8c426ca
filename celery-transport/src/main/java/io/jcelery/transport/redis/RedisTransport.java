package io.jcelery.transport.redis;

import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.virtual.Binding;
import io.jcelery.transport.virtual.ExchangeTable;
import io.jcelery.transport.virtual.ExchangeType;
import io.jcelery.transport.virtual.KombuEnvelope;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.UnblockType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis transport, compatible with kombu 5.2.4's {@code kombu/transport/redis.py} in every key
 * and value, so Celery producers and workers in Python and Java share one broker.
 *
 * <h2>Features</h2>
 *
 * <ul>
 *   <li>Type: virtual. Direct and topic exchanges (bindings in {@code _kombu.binding.<exchange>}
 *       sets), fanout published with PUBLISH on {@code /<db>.<exchange>[/<routing key>]}.
 *   <li>Publish: {@code LPUSH} of the kombu JSON envelope; the anonymous exchange {@code ""}
 *       routes to the queue named by the routing key. Priorities 0..9 go to the lists {@code
 *       <queue>} and {@code <queue>\x06\x16<step>} of {@code priority_steps}; lower numbers are
 *       served first.
 *   <li>Consume: several queues fairly ({@code queue_order_strategy}), the oldest message of the
 *       lowest priority step first. Waiting messages are taken many per round trip by a Lua script
 *       that also does kombu's bookkeeping; an empty queue set blocks in BRPOP, never polls.
 *   <li>Acks: kombu's emulation, {@code unacked} hash and {@code unacked_index} zset. Reject with
 *       requeue puts the message at the back of its queue; deliveries unsettled at close go to the
 *       front; both flagged redelivered with the same delivery tag. Every consuming transport
 *       scans for messages unacknowledged past {@code visibility_timeout} every {@code
 *       unacked_restore_interval} and puts them back, so a message held by a killed worker reaches
 *       another one.
 * </ul>
 *
 * <h2>URL</h2>
 *
 * {@code redis://[user:password@]host[:port][/db]}, {@code rediss://...[?ssl_cert_reqs=required]}
 * for TLS. Host 127.0.0.1, port 6379 and db 0 by default. The password is masked in logs.
 *
 * <h2>Transport options</h2>
 *
 * See {@link RedisTransportOptions}. Not supported: consuming fanout queues (PUB/SUB), {@code
 * ack_emulation=False}, {@code deadletter_queue}, sentinel.
 */
final class RedisTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
  private static final Duration ACK_FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private final BrokerUrl url;
  private final RedisTransportOptions options;
  private final RedisConnections connections;
  private final RedisKeys keys;
  private final RedisQoS redisQos;
  private final ExchangeTable exchanges = new ExchangeTable();
  private final List<RedisConsumer> consumers = new CopyOnWriteArrayList<>();
  private final Set<String> warnedUnroutable = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService restorer;
  private volatile boolean closed;

  RedisTransport(BrokerUrl url, RedisTransportOptions options) {
    this.url = url;
    this.options = options;
    this.connections = new RedisConnections(url, options);
    this.keys = new RedisKeys(options, connections.db());
    this.redisQos = new RedisQoS(connections.commands(), options, keys, this::lookup);
  }

  RedisKeys keys() {
    return keys;
  }

  RedisQoS redisQos() {
    return redisQos;
  }

  RedisTransportOptions options() {
    return options;
  }

  @Override
  public void declareExchange(String exchange, String type) {
    ensureOpen();
    exchanges.declareExchange(exchange, ExchangeType.of(type));
  }

  @Override
  public void declareQueue(QueueSpec queue) {
    ensureOpen();
    Binding binding = exchanges.bind(queue);
    if (binding != null) {
      call(() -> sync().sadd(keys.binding(queue.exchange()), binding.member(keys.sep())));
    }
  }

  @Override
  public void publish(String exchange, String routingKey, TaskMessage message) {
    ensureOpen();
    String ex = exchange == null ? "" : exchange;
    String envelope =
        KombuEnvelope.encode(ex, routingKey, message, KombuEnvelope.newDeliveryTag());
    int step = keys.stepFor(message.properties().priority());
    call(
        () -> {
          if (!ex.isEmpty() && exchanges.typeOf(ex) == ExchangeType.FANOUT) {
            return sync()
                .publish(keys.fanoutChannel(ex, routingKey, options.fanoutPatterns()), envelope);
          }
          Set<String> queues = lookup(ex, routingKey);
          if (queues.isEmpty() && warnedUnroutable.add(ex + "\u0000" + routingKey)) {
            LOG.warn("{}: no queue bound to exchange '{}' with routing key '{}'; message dropped"
                + " (as kombu drops it)", this, ex, routingKey);
          }
          for (String queue : queues) {
            sync().lpush(keys.queue(queue, step), envelope);
          }
          return null;
        });
  }

  @Override
  public Consumer consume(List<QueueSpec> queues, int prefetchCount, DeliveryHandler handler) {
    ensureOpen();
    Objects.requireNonNull(handler, "handler");
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("consume needs at least one queue");
    }
    List<String> names = new ArrayList<>();
    for (QueueSpec queue : queues) {
      if ("fanout".equalsIgnoreCase(queue.exchangeType())) {
        throw new TransportException(
            "Consuming queue '" + queue.name() + "' of fanout exchange '" + queue.exchange()
                + "' (Redis PUB/SUB) is not supported yet");
      }
      declareQueue(queue);
      if (!names.contains(queue.name())) {
        names.add(queue.name());
      }
    }
    RedisConsumer consumer =
        new RedisConsumer(this, names, prefetchCount, handler, connections.openBlocking());
    consumers.add(consumer);
    startRestorer();
    consumer.start();
    return consumer;
  }

  @Override
  public long size(String queue) {
    ensureOpen();
    return call(
        () -> {
          List<RedisFuture<Long>> lengths = new ArrayList<>();
          for (String key : keys.queueLists(queue)) {
            lengths.add(connections.commands().async().llen(key));
          }
          long total = 0;
          for (RedisFuture<Long> length : lengths) {
            total += length.get();
          }
          return total;
        });
  }

  @Override
  public long purge(String queue) {
    ensureOpen();
    Long purged =
        call(
            () ->
                LuaScript.PURGE.run(
                    sync(), ScriptOutputType.INTEGER,
                    keys.queueLists(queue).toArray(String[]::new)));
    return purged == null ? 0 : purged;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ScheduledExecutorService scan;
    synchronized (this) {
      scan = restorer;
    }
    if (scan != null) {
      scan.shutdown(); // a scan under way finishes, so the unacked_mutex lock is released
      try {
        scan.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (RedisConsumer consumer : consumers) {
      consumer.close();
    }
    int restored = 0;
    for (RedisConsumer consumer : consumers) {
      for (String tag : consumer.qos().drain()) {
        if (tag.isEmpty()) {
          continue;
        }
        try {
          if (redisQos.restoreByTag(tag, false)) {
            restored++;
          }
        } catch (RuntimeException e) {
          LOG.error("{}: could not restore unacknowledged message {}", this, tag, e);
        }
      }
    }
    if (restored > 0) {
      LOG.info("{}: restored {} unacknowledged message(s)", this, restored);
    }
    consumers.clear();
    if (!redisQos.flushAcks(ACK_FLUSH_TIMEOUT)) {
      LOG.warn("{}: acks still unanswered after {}; their messages will be delivered again after"
          + " visibility_timeout", this, ACK_FLUSH_TIMEOUT);
    }
    connections.close();
  }

  @Override
  public String toString() {
    return url.toString();
  }

  /** Makes a consumer's pending BRPOP return at once, as if it timed out. */
  void unblock(long clientId) {
    try {
      connections.commands().async().clientUnblock(clientId, UnblockType.TIMEOUT);
    } catch (RedisException e) {
      LOG.debug("{}: CLIENT UNBLOCK failed", this, e);
    }
  }

  /**
   * kombu {@code Channel._lookup}: the routing key for the anonymous exchange, else the queues
   * whose bindings in {@code _kombu.binding.<exchange>} match. The exchange type is the one
   * declared here; for an exchange declared elsewhere it is topic when a binding carries a
   * pattern, direct otherwise.
   */
  Set<String> lookup(String exchange, String routingKey) {
    if (exchange == null || exchange.isEmpty()) {
      return routingKey == null || routingKey.isEmpty() ? Set.of() : Set.of(routingKey);
    }
    List<Binding> table = new ArrayList<>();
    for (String member : sync().smembers(keys.binding(exchange))) {
      Binding binding = Binding.parseMember(member, keys.sep());
      if (binding != null) {
        table.add(binding);
      }
    }
    ExchangeType type = exchanges.typeOf(exchange);
    if (type == null) {
      type =
          table.stream().anyMatch(b -> b.pattern() != null)
              ? ExchangeType.TOPIC
              : ExchangeType.DIRECT;
    }
    return type.lookup(table, routingKey);
  }

  private synchronized void startRestorer() {
    if (restorer != null) {
      return;
    }
    restorer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jcelery-redis-restore-visible");
              t.setDaemon(true);
              return t;
            });
    long interval = Math.max(1, options.unackedRestoreInterval().toMillis());
    restorer.scheduleWithFixedDelay(this::restoreVisible, 0, interval, TimeUnit.MILLISECONDS);
  }

  private void restoreVisible() {
    if (closed) {
      return;
    }
    try {
      redisQos.restoreVisible();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("{}: restoring messages past visibility_timeout failed", this, e);
      }
    }
  }

  private RedisCommands<String, String> sync() {
    return connections.commands().sync();
  }

  private interface RedisCall<T> {
    T call() throws Exception;
  }

  private <T> T call(RedisCall<T> action) {
    try {
      return action.call();
    } catch (TransportException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(this + ": interrupted", e);
    } catch (Exception e) {
      throw new TransportException(this + ": " + e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new TransportException(this + " is closed");
    }
  }
}
