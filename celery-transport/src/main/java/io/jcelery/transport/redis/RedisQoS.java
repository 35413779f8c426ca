package io.jcelery.transport.redis;

import io.jcelery.transport.virtual.KombuEnvelope;
import io.jcelery.transport.virtual.PythonJson;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kombu's Redis ack emulation ({@code kombu/transport/redis.py} {@code QoS}): the {@code unacked}
 * hash ({@code tag -> [envelope, exchange, routing_key]}) and the {@code unacked_index} zset
 * ({@code tag -> delivery time}). The bookkeeping on delivery is done by the fetch scripts; this
 * class acks, restores by tag and restores messages past the visibility timeout. Thread-safe.
 */
final class RedisQoS {

  private static final Logger LOG = LoggerFactory.getLogger(RedisQoS.class);

  private final StatefulRedisConnection<String, String> connection;
  private final RedisTransportOptions options;
  private final RedisKeys keys;
  private final BiFunction<String, String, Set<String>> router;
  private final String[] indexKeys;
  private final AckCoalescer acks;

  /**
   * @param router kombu {@code Channel._lookup}: the queues for an exchange and routing key
   */
  RedisQoS(
      StatefulRedisConnection<String, String> connection,
      RedisTransportOptions options,
      RedisKeys keys,
      BiFunction<String, String, Set<String>> router) {
    this.connection = connection;
    this.options = options;
    this.keys = keys;
    this.router = router;
    this.indexKeys = new String[] {keys.unacked(options), keys.unackedIndex(options)};
    this.acks =
        new AckCoalescer(
            tags ->
                LuaScript.ACK.runAsync(
                    connection.async(), ScriptOutputType.INTEGER, indexKeys,
                    tags.toArray(String[]::new)));
  }

  /** The {@code unacked} and {@code unacked_index} keys, the first KEYS of every script. */
  String[] indexKeys() {
    return indexKeys.clone();
  }

  /** The ZADD score for now: Python's {@code time()}, seconds with microseconds. */
  static String now() {
    Instant now = Instant.now();
    String micros = Integer.toString(now.getNano() / 1000);
    return now.getEpochSecond() + ".000000".substring(0, 7 - micros.length()) + micros;
  }

  /** The {@code unacked} hash value: {@code json.dumps([envelope, exchange, routing_key])}. */
  static String unackedEntry(String envelope, String exchange, String routingKey) {
    return "[" + envelope + ", " + PythonJson.quote(exchange) + ", "
        + PythonJson.quote(routingKey) + "]";
  }

  /**
   * kombu {@code QoS.ack}: ZREM and HDEL the tag, without waiting for the reply; acks issued
   * close together go out in one script call ({@link AckCoalescer}).
   */
  void ack(String tag) {
    acks.ack(tag);
  }

  /**
   * Waits until every ack issued before has been applied or has failed (and been logged), at most
   * {@code timeout}; the transport calls it before it closes its connection.
   *
   * @return whether every ack was answered in time
   */
  boolean flushAcks(Duration timeout) {
    return acks.flush(timeout);
  }

  /**
   * kombu {@code QoS.restore_by_tag}: puts the message kept under {@code tag} back on the lists
   * of the queues it was routed to, flagged redelivered, with LPUSH ({@code leftmost}, the back of
   * the queue, as {@code reject(requeue=True)} does) or RPUSH (the front, as restores on shutdown
   * and after the visibility timeout do), and forgets the tag. As in kombu 5.2.4 the message goes
   * to the queue's priority-0 list whatever its priority.
   *
   * @return whether a message was put back
   */
  boolean restoreByTag(String tag, boolean leftmost) {
    RedisCommands<String, String> redis = connection.sync();
    String entry = redis.hget(indexKeys[0], tag);
    if (entry == null) {
      LuaScript.ACK.run(redis, ScriptOutputType.INTEGER, indexKeys, tag);
      return false;
    }
    Object parsed;
    try {
      parsed = PythonJson.read(entry);
    } catch (RuntimeException e) {
      LOG.error("Could not restore message {}: unreadable unacked entry {}", tag, entry, e);
      LuaScript.ACK.run(redis, ScriptOutputType.INTEGER, indexKeys, tag);
      return false;
    }
    if (!(parsed instanceof List<?> parts) || parts.size() != 3) {
      LOG.error("Could not restore message {}: unacked entry is not [message, ex, rk]", tag);
      LuaScript.ACK.run(redis, ScriptOutputType.INTEGER, indexKeys, tag);
      return false;
    }
    String envelope = PythonJson.write(KombuEnvelope.markRedelivered(parts.get(0)));
    String exchange = parts.get(1) == null ? "" : parts.get(1).toString();
    String routingKey = parts.get(2) == null ? "" : parts.get(2).toString();
    Set<String> queues = router.apply(exchange, routingKey);
    if (queues.isEmpty()) {
      LOG.warn("Restored message {} routes to no queue (exchange '{}', routing key '{}');"
          + " it is dropped, as kombu drops it", tag, exchange, routingKey);
    }
    List<String> scriptKeys = new ArrayList<>(List.of(indexKeys));
    for (String queue : queues) {
      scriptKeys.add(keys.queue(queue, 0));
    }
    Long pushed =
        LuaScript.RESTORE.run(
            redis, ScriptOutputType.INTEGER, scriptKeys.toArray(String[]::new), tag, envelope,
            leftmost ? "1" : "0", entry);
    return pushed != null && pushed > 0;
  }

  /**
   * kombu {@code QoS.restore_visible}: under the {@code unacked_mutex} lock (skipped when another
   * party holds it), restores every message delivered more than {@code visibility_timeout} ago, at
   * most {@code unacked_restore_limit}.
   *
   * @return how many messages were put back
   */
  int restoreVisible() {
    RedisCommands<String, String> redis = connection.sync();
    String token = UUID.randomUUID().toString().replace("-", "");
    String mutex = keys.unackedMutex(options);
    String locked =
        redis.set(mutex, token, SetArgs.Builder.nx().px(options.unackedMutexExpire().toMillis()));
    if (!"OK".equals(locked)) {
      return 0;
    }
    try {
      double ceil =
          Instant.now().toEpochMilli() / 1000.0 - options.visibilityTimeout().toMillis() / 1000.0;
      Range<Number> range = Range.create(0, ceil);
      List<String> tags =
          options.unackedRestoreLimit() == null
              ? redis.zrevrangebyscore(indexKeys[1], range)
              : redis.zrevrangebyscore(
                  indexKeys[1], range, Limit.create(0, options.unackedRestoreLimit()));
      int restored = 0;
      for (String tag : tags) {
        if (restoreByTag(tag, false)) {
          restored++;
        }
      }
      if (restored > 0) {
        LOG.warn("Restored {} message(s) unacknowledged for longer than visibility_timeout ({})",
            restored, options.visibilityTimeout());
      }
      return restored;
    } finally {
      LuaScript.UNLOCK.run(redis, ScriptOutputType.INTEGER, new String[] {mutex}, token);
    }
  }
}
