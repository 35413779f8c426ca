package io.jcelery.client.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The table of every setting jcelery reads: Celery's key, its type and its default (celery {@code
 * celery/app/defaults.py}). Defaults are Celery 5.2.6's except where a constant's Javadoc says
 * otherwise.
 *
 * <p>Enum constants are the keys upper-cased, which is also how the environment names them: {@link
 * #TASK_ACKS_LATE} is {@code task_acks_late} and {@code CELERY_TASK_ACKS_LATE}.
 *
 * @since 0.1
 */
public enum Setting {
  /**
   * Broker URL. <b>Differs from Celery</b>, whose default is {@code amqp://guest@localhost//}:
   * jcelery defaults to {@code filesystem://}, which needs no service.
   */
  BROKER_URL("broker_url", SettingType.STRING, "filesystem://"),
  /**
   * Options for the broker transport, keys as kombu names them ({@code visibility_timeout}, ...).
   */
  BROKER_TRANSPORT_OPTIONS("broker_transport_options", SettingType.MAP, Map.of()),
  /** Retry connecting to the broker when the connection is lost. */
  BROKER_CONNECTION_RETRY("broker_connection_retry", SettingType.BOOLEAN, true),
  /** Maximum connection retries; 0 or null retries forever. */
  BROKER_CONNECTION_MAX_RETRIES("broker_connection_max_retries", SettingType.INTEGER, 100),
  /** Seconds to wait for a broker connection. */
  BROKER_CONNECTION_TIMEOUT(
      "broker_connection_timeout", SettingType.SECONDS, Duration.ofSeconds(4)),

  /** Result backend URL; null means no result backend (Celery's {@code DisabledBackend}). */
  RESULT_BACKEND("result_backend", SettingType.STRING, null),
  /** Options for the result backend store. */
  RESULT_BACKEND_TRANSPORT_OPTIONS("result_backend_transport_options", SettingType.MAP, Map.of()),
  /** Serializer of stored results. */
  RESULT_SERIALIZER("result_serializer", SettingType.STRING, "json"),
  /** Content types accepted when reading results; null means {@code accept_content}. */
  RESULT_ACCEPT_CONTENT("result_accept_content", SettingType.STRING_LIST, null),
  /** Compression of results; Celery 5.2.6 reads it only as the default for task messages. */
  RESULT_COMPRESSION("result_compression", SettingType.STRING, null),
  /** How long results are kept; null keeps them forever. */
  RESULT_EXPIRES("result_expires", SettingType.SECONDS, Duration.ofDays(1)),
  /** Store task name, args, kwargs, worker, retries and queue with the result. */
  RESULT_EXTENDED("result_extended", SettingType.BOOLEAN, false),
  /**
   * Results sent as messages ({@code rpc://}) survive a broker restart: {@code delivery_mode} 2
   * instead of 1. Celery's default is None, which the rpc backend reads as false.
   */
  RESULT_PERSISTENT("result_persistent", SettingType.BOOLEAN, false),
  /** How often {@code celery.chord_unlock} retries. */
  RESULT_CHORD_RETRY_INTERVAL(
      "result_chord_retry_interval", SettingType.SECONDS, Duration.ofSeconds(1)),
  /** How long a chord join waits for the header results. */
  RESULT_CHORD_JOIN_TIMEOUT(
      "result_chord_join_timeout", SettingType.SECONDS, Duration.ofSeconds(3)),

  /** Content types a worker accepts for task messages. */
  ACCEPT_CONTENT("accept_content", SettingType.STRING_LIST, List.of("json")),
  /**
   * The app time zone (an IANA name); null means UTC when {@code enable_utc}, else the JVM's zone,
   * as Celery's {@code app.timezone}.
   */
  TIMEZONE("timezone", SettingType.ZONE, null),
  /** Dates are UTC unless {@code timezone} says otherwise. */
  ENABLE_UTC("enable_utc", SettingType.BOOLEAN, true),

  /** Serializer of task messages. */
  TASK_SERIALIZER("task_serializer", SettingType.STRING, "json"),
  /**
   * Compression of task messages. <b>Differs from Celery 5.2.6</b>, which ignores it and uses
   * {@code result_compression} instead (fixed in Celery 5.3): jcelery honours it.
   */
  TASK_COMPRESSION("task_compression", SettingType.STRING, null),
  /** Queue of tasks sent without a queue. */
  TASK_DEFAULT_QUEUE("task_default_queue", SettingType.STRING, "celery"),
  /** Exchange of the default queue; null means the queue's name. */
  TASK_DEFAULT_EXCHANGE("task_default_exchange", SettingType.STRING, null),
  /** Type of the default exchange. */
  TASK_DEFAULT_EXCHANGE_TYPE("task_default_exchange_type", SettingType.STRING, "direct"),
  /** Routing key of the default queue; null means the queue's name. */
  TASK_DEFAULT_ROUTING_KEY("task_default_routing_key", SettingType.STRING, null),
  /** Priority of tasks sent without one; null leaves kombu's 0. */
  TASK_DEFAULT_PRIORITY("task_default_priority", SettingType.INTEGER, null),
  /** 2 (or {@code persistent}) or 1 (or {@code transient}). */
  TASK_DEFAULT_DELIVERY_MODE("task_default_delivery_mode", SettingType.DELIVERY_MODE, 2),
  /** {@code x-max-priority} of queues jcelery declares; null for none. */
  TASK_QUEUE_MAX_PRIORITY("task_queue_max_priority", SettingType.INTEGER, null),
  /** Declare queues that are used but not configured. */
  TASK_CREATE_MISSING_QUEUES("task_create_missing_queues", SettingType.BOOLEAN, true),
  /** Acknowledge after the task ran instead of before. */
  TASK_ACKS_LATE("task_acks_late", SettingType.BOOLEAN, false),
  /** With acks_late: acknowledge failed and timed-out tasks too. */
  TASK_ACKS_ON_FAILURE_OR_TIMEOUT("task_acks_on_failure_or_timeout", SettingType.BOOLEAN, true),
  /** With acks_late: requeue a task whose worker died. Null behaves as false. */
  TASK_REJECT_ON_WORKER_LOST("task_reject_on_worker_lost", SettingType.BOOLEAN, null),
  /** Store {@code STARTED} when a task begins. */
  TASK_TRACK_STARTED("task_track_started", SettingType.BOOLEAN, false),
  /** Tasks store no result unless they say otherwise. */
  TASK_IGNORE_RESULT("task_ignore_result", SettingType.BOOLEAN, false),
  /** Store failures even for tasks that ignore results. */
  TASK_STORE_ERRORS_EVEN_IF_IGNORED(
      "task_store_errors_even_if_ignored", SettingType.BOOLEAN, false),
  /** Hard time limit in seconds; null for none. */
  TASK_TIME_LIMIT("task_time_limit", SettingType.SECONDS, null),
  /** Soft time limit in seconds; null for none. */
  TASK_SOFT_TIME_LIMIT("task_soft_time_limit", SettingType.SECONDS, null),
  /**
   * Rate limit of tasks that set none ({@code "10/s"}, {@code "100/m"}, {@code "1000/h"}); null
   * for none.
   */
  TASK_DEFAULT_RATE_LIMIT("task_default_rate_limit", SettingType.STRING, null),
  /** Tasks sent from a task inherit its priority. */
  TASK_INHERIT_PARENT_PRIORITY("task_inherit_parent_priority", SettingType.BOOLEAN, false),
  /** Send a {@code task-sent} event for each task sent. */
  TASK_SEND_SENT_EVENT("task_send_sent_event", SettingType.BOOLEAN, false),

  /** Messages reserved per pool slot; 0 means no limit. */
  WORKER_PREFETCH_MULTIPLIER("worker_prefetch_multiplier", SettingType.INTEGER, 4),
  /** Pool size; null means the number of CPUs. */
  WORKER_CONCURRENCY("worker_concurrency", SettingType.INTEGER, null),
  /**
   * The execution pool: {@code threads}, {@code virtual} (Java 21+) or {@code solo}. <b>Differs
   * from Celery</b>, whose default is {@code prefork}: a JVM cannot fork, so {@code prefork},
   * {@code eventlet} and {@code gevent} are refused.
   */
  WORKER_POOL("worker_pool", SettingType.STRING, "threads", Set.of("threads", "virtual", "solo")),
  /** Send task events ({@code -E}). */
  WORKER_SEND_TASK_EVENTS("worker_send_task_events", SettingType.BOOLEAN, false),
  /** Answer remote control commands. */
  WORKER_ENABLE_REMOTE_CONTROL("worker_enable_remote_control", SettingType.BOOLEAN, true),
  /** Skip tasks whose SUCCESS is already stored (acks_late redeliveries). */
  WORKER_DEDUPLICATE_SUCCESSFUL_TASKS(
      "worker_deduplicate_successful_tasks", SettingType.BOOLEAN, false),

  /** Serializer of events. */
  EVENT_SERIALIZER("event_serializer", SettingType.STRING, "json"),
  /** Exchange events are published to. */
  EVENT_EXCHANGE("event_exchange", SettingType.STRING, "celeryev"),
  /** Prefix of event receiver queues. */
  EVENT_QUEUE_PREFIX("event_queue_prefix", SettingType.STRING, "celeryev"),
  /** Message TTL of event queues. */
  EVENT_QUEUE_TTL("event_queue_ttl", SettingType.SECONDS, Duration.ofSeconds(5)),
  /** Expiry of unused event queues. */
  EVENT_QUEUE_EXPIRES("event_queue_expires", SettingType.SECONDS, Duration.ofSeconds(60)),
  /** Exchange of remote control (pidbox) messages, as {@code <name>.pidbox}. */
  CONTROL_EXCHANGE("control_exchange", SettingType.STRING, "celery"),
  /** Message TTL of remote control queues. */
  CONTROL_QUEUE_TTL("control_queue_ttl", SettingType.SECONDS, Duration.ofSeconds(300)),
  /** Expiry of unused remote control queues. */
  CONTROL_QUEUE_EXPIRES("control_queue_expires", SettingType.SECONDS, Duration.ofSeconds(10));

  private static final Map<String, Setting> BY_KEY = indexByKey();

  private final String key;
  private final SettingType type;
  private final Object defaultValue;
  private final Set<String> allowedValues;

  Setting(String key, SettingType type, Object defaultValue) {
    this(key, type, defaultValue, Set.of());
  }

  Setting(String key, SettingType type, Object defaultValue, Set<String> allowedValues) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.allowedValues = allowedValues;
  }

  /** The key as Celery names it, e.g. {@code task_acks_late}. */
  public String key() {
    return key;
  }

  /** The value's type. */
  public SettingType type() {
    return type;
  }

  /** The default, already typed; may be null. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The environment variable that sets it: {@code CELERY_} + the key upper-cased. */
  public String environmentVariable() {
    return "CELERY_" + key.toUpperCase(Locale.ROOT);
  }

  /** The setting with this Celery key. */
  public static Optional<Setting> forKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  /** Types a raw value from any source; null stays null. */
  Object convert(Object raw) {
    Object value = type.convert(key, raw);
    if (value != null && !allowedValues.isEmpty() && !allowedValues.contains(value)) {
      throw new ConfigurationException(
          key, "Setting " + key + "=" + value + " is not one of " + allowedValues);
    }
    return value;
  }

  private static Map<String, Setting> indexByKey() {
    Map<String, Setting> byKey = new java.util.HashMap<>();
    for (Setting setting : values()) {
      byKey.put(setting.key, setting);
    }
    return Map.copyOf(byKey);
  }
}
