package io.jcelery.transport.redis;

import io.jcelery.transport.TransportException;
import io.jcelery.transport.virtual.KombuEnvelope;
import io.jcelery.transport.virtual.TransportOptionMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code broker_transport_options} of the Redis transport, with kombu 5.2.4's names and
 * defaults ({@code kombu/transport/redis.py} {@code Channel}). Immutable.
 *
 * @param sep {@code sep}: separator in priority list names and binding members ({@code
 *     "\x06\x16"})
 * @param unackedKey {@code unacked_key}: hash of unacknowledged messages ({@code unacked})
 * @param unackedIndexKey {@code unacked_index_key}: zset of delivery times ({@code
 *     unacked_index})
 * @param unackedMutexKey {@code unacked_mutex_key}: lock for the visibility restore ({@code
 *     unacked_mutex})
 * @param unackedMutexExpire {@code unacked_mutex_expire}: lock lifetime (300 s)
 * @param visibilityTimeout {@code visibility_timeout}: a message unacknowledged this long is given
 *     to another consumer (3600 s)
 * @param unackedRestoreLimit {@code unacked_restore_limit}: most messages restored per scan; null
 *     for no limit (kombu's default)
 * @param unackedRestoreInterval {@code unacked_restore_interval} (kombu 5.4's name): how often
 *     each consuming transport scans for messages past the visibility timeout. Default: the
 *     visibility timeout, at most 60 s (kombu 5.2.4 effectively scans every ~100 s)
 * @param globalKeyprefix {@code global_keyprefix}: prepended to every key and channel ({@code ""})
 * @param prioritySteps {@code priority_steps}: priority buckets ({@code [0, 3, 6, 9]})
 * @param queueOrderStrategy {@code queue_order_strategy}: {@code round_robin} (default), {@code
 *     priority} or {@code sorted}
 * @param fanoutPrefix the channel prefix for fanout exchanges before {@code {db}} is filled in:
 *     {@code fanout_prefix} true gives {@code "/{db}."}, false {@code ""}, text itself
 * @param fanoutPatterns {@code fanout_patterns}: add {@code /routing_key} to fanout channels (true)
 * @param socketTimeout {@code socket_timeout}: command timeout; null for Lettuce's 60 s
 * @param socketConnectTimeout {@code socket_connect_timeout}: connect timeout; null for 10 s
 * @since 0.1
 */
public record RedisTransportOptions(
    String sep,
    String unackedKey,
    String unackedIndexKey,
    String unackedMutexKey,
    Duration unackedMutexExpire,
    Duration visibilityTimeout,
    Integer unackedRestoreLimit,
    Duration unackedRestoreInterval,
    String globalKeyprefix,
    List<Integer> prioritySteps,
    String queueOrderStrategy,
    String fanoutPrefix,
    boolean fanoutPatterns,
    Duration socketTimeout,
    Duration socketConnectTimeout) {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTransportOptions.class);

  public static final String DEFAULT_SEP = "\u0006\u0016";
  public static final String DEFAULT_UNACKED_KEY = "unacked";
  public static final String DEFAULT_UNACKED_INDEX_KEY = "unacked_index";
  public static final String DEFAULT_UNACKED_MUTEX_KEY = "unacked_mutex";
  public static final Duration DEFAULT_UNACKED_MUTEX_EXPIRE = Duration.ofSeconds(300);
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(3600);
  public static final Duration MAX_DEFAULT_RESTORE_INTERVAL = Duration.ofSeconds(60);
  public static final List<Integer> DEFAULT_PRIORITY_STEPS = List.of(0, 3, 6, 9);
  public static final String DEFAULT_QUEUE_ORDER_STRATEGY = "round_robin";
  public static final String DEFAULT_FANOUT_PREFIX = "/{db}.";

  /** Options accepted and honoured. */
  private static final Set<String> SUPPORTED =
      Set.of(
          "sep",
          "unacked_key",
          "unacked_index_key",
          "unacked_mutex_key",
          "unacked_mutex_expire",
          "visibility_timeout",
          "unacked_restore_limit",
          "unacked_restore_interval",
          "global_keyprefix",
          "priority_steps",
          "queue_order_strategy",
          "fanout_prefix",
          "fanout_patterns",
          "socket_timeout",
          "socket_connect_timeout",
          "ack_emulation",
          "body_encoding");

  /** kombu options that have no meaning here: accepted and ignored with a log line. */
  private static final Set<String> IGNORED =
      Set.of(
          "max_connections",
          "health_check_interval",
          "socket_keepalive",
          "socket_keepalive_options",
          "retry_on_timeout",
          "polling_interval",
          "unacked_restore_throttle");

  public RedisTransportOptions {
    Objects.requireNonNull(sep, "sep");
    Objects.requireNonNull(unackedKey, "unacked_key");
    Objects.requireNonNull(unackedIndexKey, "unacked_index_key");
    Objects.requireNonNull(unackedMutexKey, "unacked_mutex_key");
    Objects.requireNonNull(unackedMutexExpire, "unacked_mutex_expire");
    Objects.requireNonNull(visibilityTimeout, "visibility_timeout");
    globalKeyprefix = globalKeyprefix == null ? "" : globalKeyprefix;
    prioritySteps = List.copyOf(prioritySteps);
    if (prioritySteps.isEmpty()) {
      throw new TransportException("broker_transport_options['priority_steps'] is empty");
    }
    List<Integer> sorted = new ArrayList<>(prioritySteps);
    sorted.sort(null);
    if (!sorted.equals(prioritySteps)) {
      throw new TransportException(
          "broker_transport_options['priority_steps'] must be ascending: " + prioritySteps);
    }
    if (!Set.of("round_robin", "priority", "sorted").contains(queueOrderStrategy)) {
      throw new TransportException(
          "broker_transport_options['queue_order_strategy'] must be round_robin, priority or"
              + " sorted, got: " + queueOrderStrategy);
    }
    if (unackedRestoreInterval == null) {
      unackedRestoreInterval =
          visibilityTimeout.isZero()
              ? Duration.ofSeconds(1)
              : visibilityTimeout.compareTo(MAX_DEFAULT_RESTORE_INTERVAL) < 0
                  ? visibilityTimeout
                  : MAX_DEFAULT_RESTORE_INTERVAL;
    }
    fanoutPrefix = fanoutPrefix == null ? "" : fanoutPrefix;
  }

  /** kombu's defaults. */
  public static RedisTransportOptions defaults() {
    return from(Map.of());
  }

  /**
   * Reads the options from Celery's {@code broker_transport_options}.
   *
   * @throws TransportException for a malformed value, or an option kombu knows that this
   *     transport cannot honour ({@code ack_emulation=False}, a {@code body_encoding} other than
   *     base64, {@code deadletter_queue})
   */
  public static RedisTransportOptions from(Map<String, Object> transportOptions) {
    TransportOptionMap o = TransportOptionMap.of(transportOptions);
    if (!o.bool("ack_emulation", true)) {
      throw new TransportException(
          "broker_transport_options['ack_emulation']=False is not supported by jcelery");
    }
    if (!KombuEnvelope.BODY_ENCODING.equals(o.text("body_encoding", "base64"))) {
      throw new TransportException(
          "broker_transport_options['body_encoding'] must be base64, the only encoding kombu has");
    }
    if (o.has("deadletter_queue")) {
      throw new TransportException(
          "broker_transport_options['deadletter_queue'] is not supported by jcelery");
    }
    for (String key : IGNORED) {
      if (o.has(key)) {
        LOG.info("Redis transport option '{}' has no effect in jcelery and is ignored", key);
      }
    }
    Set<String> known = new java.util.HashSet<>(SUPPORTED);
    known.addAll(IGNORED);
    known.add("deadletter_queue");
    o.warnUnknown(known, "redis");
    String fanoutPrefix;
    if (!o.has("fanout_prefix")) {
      fanoutPrefix = DEFAULT_FANOUT_PREFIX;
    } else if (transportOptions.get("fanout_prefix") instanceof String s) {
      fanoutPrefix = s;
    } else {
      fanoutPrefix = o.bool("fanout_prefix", true) ? DEFAULT_FANOUT_PREFIX : "";
    }
    return new RedisTransportOptions(
        o.text("sep", DEFAULT_SEP),
        o.text("unacked_key", DEFAULT_UNACKED_KEY),
        o.text("unacked_index_key", DEFAULT_UNACKED_INDEX_KEY),
        o.text("unacked_mutex_key", DEFAULT_UNACKED_MUTEX_KEY),
        o.seconds("unacked_mutex_expire", DEFAULT_UNACKED_MUTEX_EXPIRE),
        o.seconds("visibility_timeout", DEFAULT_VISIBILITY_TIMEOUT),
        o.integerOrNull("unacked_restore_limit"),
        o.seconds("unacked_restore_interval", null),
        o.text("global_keyprefix", ""),
        o.integers("priority_steps", DEFAULT_PRIORITY_STEPS),
        o.text("queue_order_strategy", DEFAULT_QUEUE_ORDER_STRATEGY),
        fanoutPrefix,
        o.bool("fanout_patterns", true),
        o.seconds("socket_timeout", null),
        o.seconds("socket_connect_timeout", null));
  }
}
