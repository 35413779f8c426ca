package io.jcelery.client.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Celery settings that jcelery knows but cannot honour, with the values that are refused. Setting
 * one of them to such a value fails at build time naming the key, rather than being silently
 * ignored.
 */
enum UnsupportedSetting {
  TASK_PROTOCOL(
      "task_protocol",
      value -> !value.trim().equals("2"),
      "jcelery speaks task message protocol 2 only"),
  WORKER_POOL(
      "worker_pool",
      value -> Set.of("prefork", "processes", "eventlet", "gevent").contains(lower(value)),
      "a JVM cannot fork or run greenlets; use threads, virtual or solo"),
  TASK_ALWAYS_EAGER(
      "task_always_eager",
      UnsupportedSetting::isTrue,
      "jcelery has no eager mode; run a worker, or call the task code directly"),
  TASK_ROUTES(
      "task_routes",
      value -> !value.isBlank(),
      "routing tables are not supported; pass the queue when sending (SendOptions.queue)"),
  TASK_QUEUES(
      "task_queues",
      value -> !value.isBlank(),
      "queue declarations are not supported; queues are created from their names"),
  BROKER_READ_URL("broker_read_url", value -> !value.isBlank(), "use broker_url"),
  BROKER_WRITE_URL("broker_write_url", value -> !value.isBlank(), "use broker_url"),
  BROKER_FAILOVER_STRATEGY(
      "broker_failover_strategy", value -> !value.isBlank(), "broker failover is not supported"),
  WORKER_DIRECT(
      "worker_direct", UnsupportedSetting::isTrue, "per-worker direct queues are not supported"),
  SECURITY_KEY("security_key", value -> !value.isBlank(), "message signing is not supported"),
  SECURITY_CERTIFICATE(
      "security_certificate", value -> !value.isBlank(), "message signing is not supported");

  private static final Map<String, UnsupportedSetting> BY_KEY = indexByKey();

  private final String key;
  private final Predicate<String> refused;
  private final String reason;

  UnsupportedSetting(String key, Predicate<String> refused, String reason) {
    this.key = key;
    this.refused = refused;
    this.reason = reason;
  }

  String key() {
    return key;
  }

  static Optional<UnsupportedSetting> forKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  /** Fails when the raw value is one jcelery cannot honour; null (unset) is always fine. */
  void check(Object raw) {
    if (raw == null
        || raw instanceof java.util.Collection<?> c && c.isEmpty()
        || raw instanceof Map<?, ?> m && m.isEmpty()) {
      return;
    }
    if (refused.test(String.valueOf(raw))) {
      throw new ConfigurationException(
          key, "Celery setting " + key + "=" + raw + " is not supported by jcelery: " + reason);
    }
  }

  private static boolean isTrue(String value) {
    return Set.of("true", "yes", "on", "1").contains(lower(value));
  }

  private static String lower(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  private static Map<String, UnsupportedSetting> indexByKey() {
    Map<String, UnsupportedSetting> byKey = new java.util.HashMap<>();
    for (UnsupportedSetting setting : values()) {
      byKey.put(setting.key, setting);
    }
    return Map.copyOf(byKey);
  }
}
