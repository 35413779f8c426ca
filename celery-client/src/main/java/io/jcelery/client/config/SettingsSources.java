package io.jcelery.client.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw values of the three sources (code, environment, file), each keyed by Celery key, and the
 * one lookup that types them into {@link Setting} values. Not thread-safe.
 */
final class SettingsSources {

  private static final Logger LOG = LoggerFactory.getLogger(CelerySettings.class);
  private static final Set<String> WARNED_KEYS = ConcurrentHashMap.newKeySet();

  private final Map<String, Object> file = new LinkedHashMap<>();
  private final Map<String, Object> environment = new LinkedHashMap<>();
  private final Map<String, Object> code = new LinkedHashMap<>();

  SettingsSources copy() {
    SettingsSources copy = new SettingsSources();
    copy.file.putAll(file);
    copy.environment.putAll(environment);
    copy.code.putAll(code);
    return copy;
  }

  void putFile(Map<String, Object> values) {
    file.putAll(values);
  }

  /** Keeps the {@code CELERY_<KEY>} variables of known (and known-unsupported) keys. */
  void putEnvironment(Map<String, String> variables) {
    for (Setting setting : Setting.values()) {
      putVariable(variables, setting.key());
    }
    for (UnsupportedSetting setting : UnsupportedSetting.values()) {
      putVariable(variables, setting.key());
    }
  }

  void putCode(String key, Object value) {
    code.put(key, value);
  }

  /**
   * Types every setting: fails on unsupported values and invalid ones, warns once per unknown key.
   *
   * @throws ConfigurationException naming the first invalid or unsupported key
   */
  Map<Setting, Object> resolve() {
    Set<String> keys = new LinkedHashSet<>(file.keySet());
    keys.addAll(environment.keySet());
    keys.addAll(code.keySet());
    for (String key : keys) {
      UnsupportedSetting.forKey(key).ifPresent(unsupported -> unsupported.check(lookup(key)));
      if (Setting.forKey(key).isEmpty()
          && UnsupportedSetting.forKey(key).isEmpty()
          && WARNED_KEYS.add(key)) {
        LOG.warn("Ignoring setting {}: not a Celery setting that jcelery knows", key);
      }
    }
    Map<Setting, Object> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String key = setting.key();
      boolean given =
          code.containsKey(key) || environment.containsKey(key) || file.containsKey(key);
      Object value = given ? setting.convert(lookup(key)) : setting.defaultValue();
      if (value == null && setting.defaultValue() != null) {
        value = nullValue(setting);
      }
      values.put(setting, value);
    }
    validate(values);
    return Collections.unmodifiableMap(values);
  }

  /** The one key-to-raw-value lookup every source goes through: code, environment, file. */
  private Object lookup(String key) {
    if (code.containsKey(key)) {
      return code.get(key);
    }
    if (environment.containsKey(key)) {
      return environment.get(key);
    }
    return file.get(key);
  }

  private void putVariable(Map<String, String> variables, String key) {
    String value = variables.get("CELERY_" + key.toUpperCase(Locale.ROOT));
    if (value != null) {
      environment.put(key, value);
    }
  }

  /**
   * What an explicit null means for a setting whose default is not null: none for durations (never
   * expire, no timeout), empty for maps; anything else must have a value.
   */
  private static Object nullValue(Setting setting) {
    return switch (setting.type()) {
      case SECONDS -> null;
      case MAP -> Map.of();
      default ->
          throw new ConfigurationException(
              setting.key(), "Setting " + setting.key() + " must not be null");
    };
  }

  private static void validate(Map<Setting, Object> values) {
    atLeast(values, Setting.WORKER_PREFETCH_MULTIPLIER, 0);
    atLeast(values, Setting.WORKER_CONCURRENCY, 1);
    atLeast(values, Setting.BROKER_CONNECTION_MAX_RETRIES, 0);
    atLeast(values, Setting.TASK_DEFAULT_PRIORITY, 0);
    atLeast(values, Setting.TASK_QUEUE_MAX_PRIORITY, 0);
    for (Setting setting : Setting.values()) {
      if (values.get(setting) instanceof Duration d && d.isNegative()) {
        throw new ConfigurationException(
            setting.key(), "Setting " + setting.key() + " must not be negative: " + d);
      }
    }
  }

  private static void atLeast(Map<Setting, Object> values, Setting setting, int min) {
    if (values.get(setting) instanceof Integer i && i < min) {
      throw new ConfigurationException(
          setting.key(), "Setting " + setting.key() + "=" + i + " must be at least " + min);
    }
  }
}
