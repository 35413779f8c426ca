package io.jcelery.client.config;

import io.jcelery.transport.BrokerUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The app configuration: every key of {@link Setting}, typed, with Celery's defaults. Immutable and
 * thread-safe.
 *
 * <p>Values come from three sources, each a map from Celery key to raw value, looked up in this
 * order: code ({@link Builder#set}), the environment ({@code CELERY_<KEY>}, e.g. {@code
 * CELERY_BROKER_URL}, {@code CELERY_TASK_ACKS_LATE}), a settings file ({@code .properties} or
 * {@code .yaml}); then the default. The first source that has the key wins, and its raw value is
 * typed once.
 *
 * <p>A Celery setting jcelery cannot honour ({@code task_protocol=1}, {@code worker_pool=prefork},
 * {@code task_always_eager=true}, {@code task_routes}, ...) fails {@link Builder#build()} with a
 * {@link ConfigurationException} naming it. A key jcelery does not know is logged once at WARN and
 * otherwise ignored.
 *
 * <pre>{@code
 * CelerySettings settings = CelerySettings.builder()
 *     .file(Path.of("celeryconfig.yaml"))
 *     .environment(System.getenv())
 *     .set("task_acks_late", true)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class CelerySettings {

  private final Map<Setting, Object> values;
  private final SettingsSources sources;

  private CelerySettings(Map<Setting, Object> values, SettingsSources sources) {
    this.values = values;
    this.sources = sources;
  }

  /** Celery's defaults, with jcelery's differences documented on {@link Setting}. */
  public static CelerySettings defaults() {
    return builder().build();
  }

  /** The defaults overridden by the {@code CELERY_*} variables of this process's environment. */
  public static CelerySettings fromEnvironment() {
    return builder().environment(System.getenv()).build();
  }

  public static Builder builder() {
    return new Builder(new SettingsSources());
  }

  /** A builder holding the same sources, to derive settings that differ in a few keys. */
  public Builder toBuilder() {
    return new Builder(sources.copy());
  }

  /** The typed value of a setting; may be null where the setting allows it. */
  public Object get(Setting setting) {
    return values.get(setting);
  }

  /**
   * The typed value of a setting by its Celery key.
   *
   * @throws ConfigurationException when jcelery has no setting of that name
   */
  public Object get(String key) {
    return get(
        Setting.forKey(key)
            .orElseThrow(() -> new ConfigurationException(key, "Unknown setting " + key)));
  }

  /**
   * Every setting by Celery key, in table order; values may be null. Note that URLs are shown with
   * their passwords.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    values.forEach((setting, value) -> map.put(setting.key(), value));
    return Collections.unmodifiableMap(map);
  }

  /** {@code broker_url}; jcelery's default is {@code filesystem://} (Celery's is amqp). */
  public String brokerUrl() {
    return (String) get(Setting.BROKER_URL);
  }

  /** {@code broker_transport_options}, never null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> brokerTransportOptions() {
    return (Map<String, Object>) get(Setting.BROKER_TRANSPORT_OPTIONS);
  }

  /** {@code broker_connection_retry}. */
  public boolean brokerConnectionRetry() {
    return (Boolean) get(Setting.BROKER_CONNECTION_RETRY);
  }

  /** {@code broker_connection_max_retries}; null or 0 retries forever. */
  public Integer brokerConnectionMaxRetries() {
    return (Integer) get(Setting.BROKER_CONNECTION_MAX_RETRIES);
  }

  /** {@code broker_connection_timeout}. */
  public Duration brokerConnectionTimeout() {
    return (Duration) get(Setting.BROKER_CONNECTION_TIMEOUT);
  }

  /** {@code result_backend}; null when no result backend is configured. */
  public String resultBackend() {
    return (String) get(Setting.RESULT_BACKEND);
  }

  /** {@code result_backend_transport_options}, never null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> resultBackendTransportOptions() {
    return (Map<String, Object>) get(Setting.RESULT_BACKEND_TRANSPORT_OPTIONS);
  }

  /** {@code result_serializer}. */
  public String resultSerializer() {
    return (String) get(Setting.RESULT_SERIALIZER);
  }

  /**
   * The content types accepted for results: {@code result_accept_content}, or {@code
   * accept_content} when that is unset (celery {@code Backend.__init__}).
   */
  @SuppressWarnings("unchecked")
  public List<String> resultAcceptContent() {
    Object own = get(Setting.RESULT_ACCEPT_CONTENT);
    return own != null ? (List<String>) own : acceptContent();
  }

  /** {@code result_compression}; null for none. */
  public String resultCompression() {
    return (String) get(Setting.RESULT_COMPRESSION);
  }

  /** {@code result_expires}; null keeps results forever. */
  public Duration resultExpires() {
    return (Duration) get(Setting.RESULT_EXPIRES);
  }

  /** {@code result_extended}. */
  public boolean resultExtended() {
    return (Boolean) get(Setting.RESULT_EXTENDED);
  }

  /** {@code result_persistent}: rpc results are sent with {@code delivery_mode} 2. */
  public boolean resultPersistent() {
    return (Boolean) get(Setting.RESULT_PERSISTENT);
  }

  /** {@code result_chord_retry_interval}. */
  public Duration resultChordRetryInterval() {
    return (Duration) get(Setting.RESULT_CHORD_RETRY_INTERVAL);
  }

  /** {@code result_chord_join_timeout}. */
  public Duration resultChordJoinTimeout() {
    return (Duration) get(Setting.RESULT_CHORD_JOIN_TIMEOUT);
  }

  /** {@code accept_content}: serializer names or content types, never null. */
  @SuppressWarnings("unchecked")
  public List<String> acceptContent() {
    return (List<String>) get(Setting.ACCEPT_CONTENT);
  }

  /**
   * The app time zone as Celery's {@code app.timezone} resolves it: {@code timezone} when set, else
   * UTC when {@code enable_utc}, else the JVM's default zone.
   */
  public ZoneId timezone() {
    ZoneId zone = (ZoneId) get(Setting.TIMEZONE);
    if (zone != null) {
      return zone;
    }
    return enableUtc() ? java.time.ZoneOffset.UTC : ZoneId.systemDefault();
  }

  /** {@code enable_utc}. */
  public boolean enableUtc() {
    return (Boolean) get(Setting.ENABLE_UTC);
  }

  /** {@code task_serializer}. */
  public String taskSerializer() {
    return (String) get(Setting.TASK_SERIALIZER);
  }

  /** {@code task_compression}; null for none. jcelery honours it, unlike Celery 5.2.6. */
  public String taskCompression() {
    return (String) get(Setting.TASK_COMPRESSION);
  }

  /** {@code task_default_queue}. */
  public String taskDefaultQueue() {
    return (String) get(Setting.TASK_DEFAULT_QUEUE);
  }

  /** {@code task_default_exchange}; null means the default queue's name. */
  public String taskDefaultExchange() {
    return (String) get(Setting.TASK_DEFAULT_EXCHANGE);
  }

  /** {@code task_default_exchange_type}. */
  public String taskDefaultExchangeType() {
    return (String) get(Setting.TASK_DEFAULT_EXCHANGE_TYPE);
  }

  /** {@code task_default_routing_key}; null means the default queue's name. */
  public String taskDefaultRoutingKey() {
    return (String) get(Setting.TASK_DEFAULT_ROUTING_KEY);
  }

  /** {@code task_default_priority}; null when unset. */
  public Integer taskDefaultPriority() {
    return (Integer) get(Setting.TASK_DEFAULT_PRIORITY);
  }

  /** {@code task_default_delivery_mode}: 2 persistent, 1 transient. */
  public int taskDefaultDeliveryMode() {
    return (Integer) get(Setting.TASK_DEFAULT_DELIVERY_MODE);
  }

  /** {@code task_queue_max_priority}; null when unset. */
  public Integer taskQueueMaxPriority() {
    return (Integer) get(Setting.TASK_QUEUE_MAX_PRIORITY);
  }

  /** {@code task_create_missing_queues}. */
  public boolean taskCreateMissingQueues() {
    return (Boolean) get(Setting.TASK_CREATE_MISSING_QUEUES);
  }

  /** {@code task_acks_late}. */
  public boolean taskAcksLate() {
    return (Boolean) get(Setting.TASK_ACKS_LATE);
  }

  /** {@code task_acks_on_failure_or_timeout}. */
  public boolean taskAcksOnFailureOrTimeout() {
    return (Boolean) get(Setting.TASK_ACKS_ON_FAILURE_OR_TIMEOUT);
  }

  /** {@code task_reject_on_worker_lost}; unset behaves as false. */
  public boolean taskRejectOnWorkerLost() {
    return Boolean.TRUE.equals(get(Setting.TASK_REJECT_ON_WORKER_LOST));
  }

  /** {@code task_track_started}. */
  public boolean taskTrackStarted() {
    return (Boolean) get(Setting.TASK_TRACK_STARTED);
  }

  /** {@code task_ignore_result}. */
  public boolean taskIgnoreResult() {
    return (Boolean) get(Setting.TASK_IGNORE_RESULT);
  }

  /** {@code task_store_errors_even_if_ignored}. */
  public boolean taskStoreErrorsEvenIfIgnored() {
    return (Boolean) get(Setting.TASK_STORE_ERRORS_EVEN_IF_IGNORED);
  }

  /** {@code task_time_limit}; null for none. */
  public Duration taskTimeLimit() {
    return (Duration) get(Setting.TASK_TIME_LIMIT);
  }

  /** {@code task_soft_time_limit}; null for none. */
  public Duration taskSoftTimeLimit() {
    return (Duration) get(Setting.TASK_SOFT_TIME_LIMIT);
  }

  /** {@code task_default_rate_limit}; null for none. */
  public String taskDefaultRateLimit() {
    return (String) get(Setting.TASK_DEFAULT_RATE_LIMIT);
  }

  /** {@code task_inherit_parent_priority}. */
  public boolean taskInheritParentPriority() {
    return (Boolean) get(Setting.TASK_INHERIT_PARENT_PRIORITY);
  }

  /** {@code task_send_sent_event}. */
  public boolean taskSendSentEvent() {
    return (Boolean) get(Setting.TASK_SEND_SENT_EVENT);
  }

  /** {@code worker_prefetch_multiplier}; 0 means no limit. */
  public int workerPrefetchMultiplier() {
    return (Integer) get(Setting.WORKER_PREFETCH_MULTIPLIER);
  }

  /** {@code worker_concurrency}, or the number of available processors when unset. */
  public int workerConcurrency() {
    Integer concurrency = (Integer) get(Setting.WORKER_CONCURRENCY);
    return concurrency != null ? concurrency : Runtime.getRuntime().availableProcessors();
  }

  /** {@code worker_pool}: {@code threads}, {@code virtual} or {@code solo}. */
  public String workerPool() {
    return (String) get(Setting.WORKER_POOL);
  }

  /** {@code worker_send_task_events}. */
  public boolean workerSendTaskEvents() {
    return (Boolean) get(Setting.WORKER_SEND_TASK_EVENTS);
  }

  /** {@code worker_enable_remote_control}. */
  public boolean workerEnableRemoteControl() {
    return (Boolean) get(Setting.WORKER_ENABLE_REMOTE_CONTROL);
  }

  /** {@code worker_deduplicate_successful_tasks}. */
  public boolean workerDeduplicateSuccessfulTasks() {
    return (Boolean) get(Setting.WORKER_DEDUPLICATE_SUCCESSFUL_TASKS);
  }

  /** {@code event_serializer}. */
  public String eventSerializer() {
    return (String) get(Setting.EVENT_SERIALIZER);
  }

  /** {@code event_exchange}. */
  public String eventExchange() {
    return (String) get(Setting.EVENT_EXCHANGE);
  }

  /** {@code event_queue_prefix}. */
  public String eventQueuePrefix() {
    return (String) get(Setting.EVENT_QUEUE_PREFIX);
  }

  /** {@code event_queue_ttl}; null for none. */
  public Duration eventQueueTtl() {
    return (Duration) get(Setting.EVENT_QUEUE_TTL);
  }

  /** {@code event_queue_expires}; null for none. */
  public Duration eventQueueExpires() {
    return (Duration) get(Setting.EVENT_QUEUE_EXPIRES);
  }

  /** {@code control_exchange}. */
  public String controlExchange() {
    return (String) get(Setting.CONTROL_EXCHANGE);
  }

  /** {@code control_queue_ttl}; null for none. */
  public Duration controlQueueTtl() {
    return (Duration) get(Setting.CONTROL_QUEUE_TTL);
  }

  /** {@code control_queue_expires}; null for none. */
  public Duration controlQueueExpires() {
    return (Duration) get(Setting.CONTROL_QUEUE_EXPIRES);
  }

  /** The settings with URL passwords masked. */
  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>(asMap());
    shown.computeIfPresent(Setting.BROKER_URL.key(), (k, v) -> BrokerUrl.mask((String) v));
    shown.computeIfPresent(Setting.RESULT_BACKEND.key(), (k, v) -> BrokerUrl.mask((String) v));
    return "CelerySettings" + shown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CelerySettings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /**
   * Collects the sources. Not thread-safe. The order of calls does not matter: code beats the
   * environment, which beats the file.
   */
  public static final class Builder {
    private final SettingsSources sources;

    private Builder(SettingsSources sources) {
      this.sources = sources;
    }

    /**
     * Reads a {@code .properties}, {@code .yaml} or {@code .yml} file of Celery keys. Later files
     * override earlier ones key by key.
     *
     * @throws ConfigurationException when the file cannot be read or parsed
     */
    public Builder file(Path path) {
      sources.putFile(SettingsFile.read(Objects.requireNonNull(path, "path")));
      return this;
    }

    /**
     * Takes {@code CELERY_<KEY>} variables (the key upper-cased, e.g. {@code CELERY_BROKER_URL})
     * from an environment map such as {@link System#getenv()}. Other variables are ignored.
     */
    public Builder environment(Map<String, String> variables) {
      sources.putEnvironment(Objects.requireNonNull(variables, "variables"));
      return this;
    }

    /**
     * Sets a value in code, by Celery key. The value may be typed ({@code true}, {@code 4}, a
     * {@link Duration}, a {@link List}, a {@link Map}) or text as in a properties file; null unsets
     * a setting whose default is not null (such as {@code result_expires}).
     */
    public Builder set(String key, Object value) {
      sources.putCode(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Sets a value in code. */
    public Builder set(Setting setting, Object value) {
      return set(setting.key(), value);
    }

    /**
     * Looks up, types and validates every setting. A key jcelery does not know is logged once at
     * WARN.
     *
     * @throws ConfigurationException naming the first invalid or unsupported key
     */
    public CelerySettings build() {
      return new CelerySettings(sources.resolve(), sources.copy());
    }
  }
}
