package io.jcelery.transport.virtual;

import io.jcelery.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed reads of Celery's {@code broker_transport_options}, whose values may come from Python-like
 * configuration (numbers, booleans, lists) or from text (environment, files). Errors name the
 * option. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TransportOptionMap {

  private static final Logger LOG = LoggerFactory.getLogger(TransportOptionMap.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private final Map<String, Object> options;

  private TransportOptionMap(Map<String, Object> options) {
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** Wraps the options; a null map means none. */
  public static TransportOptionMap of(Map<String, Object> options) {
    return new TransportOptionMap(options == null ? Map.of() : options);
  }

  /** Whether the option is present with a non-null value. */
  public boolean has(String key) {
    return options.get(key) != null;
  }

  /** The option as text, or {@code fallback} when absent. */
  public String text(String key, String fallback) {
    Object v = options.get(key);
    return v == null ? fallback : v.toString();
  }

  /** The option as a whole number, or {@code fallback} when absent. */
  public int integer(String key, int fallback) {
    Integer v = integerOrNull(key);
    return v == null ? fallback : v;
  }

  /** The option as a whole number, or null when absent. */
  public Integer integerOrNull(String key) {
    Object v = options.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    try {
      return Integer.valueOf(v.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(key, v, "a whole number");
    }
  }

  /** The option as seconds (kombu takes floats), or {@code fallback} when absent. */
  public Duration seconds(String key, Duration fallback) {
    Object v = options.get(key);
    if (v == null) {
      return fallback;
    }
    double seconds;
    if (v instanceof Number n) {
      seconds = n.doubleValue();
    } else {
      try {
        seconds = Double.parseDouble(v.toString().trim());
      } catch (NumberFormatException e) {
        throw invalid(key, v, "a number of seconds");
      }
    }
    if (seconds < 0 || Double.isNaN(seconds)) {
      throw invalid(key, v, "a number of seconds >= 0");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** The option as a boolean (Python truthiness for text), or {@code fallback} when absent. */
  public boolean bool(String key, boolean fallback) {
    Object v = options.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "" -> false;
      default -> throw invalid(key, v, "a boolean");
    };
  }

  /** The option as a list of whole numbers ({@code [0, 3, 6, 9]} or {@code "0,3,6,9"}). */
  public List<Integer> integers(String key, List<Integer> fallback) {
    Object v = options.get(key);
    if (v == null) {
      return fallback;
    }
    List<?> items =
        v instanceof List<?> list
            ? list
            : List.of(v.toString().replace("[", "").replace("]", "").split(","));
    List<Integer> result = new ArrayList<>();
    for (Object item : items) {
      try {
        result.add(
            item instanceof Number n ? n.intValue() : Integer.valueOf(item.toString().trim()));
      } catch (NumberFormatException e) {
        throw invalid(key, v, "a list of whole numbers");
      }
    }
    return List.copyOf(result);
  }

  /**
   * Logs once per option name, at WARN, every option that is not in {@code known}: Celery ignores
   * unknown transport options too, but a typo should be visible.
   */
  public void warnUnknown(Set<String> known, String transport) {
    for (String key : options.keySet()) {
      if (!known.contains(key) && WARNED.add(transport + "/" + key)) {
        LOG.warn("Unknown {} transport option '{}' is ignored", transport, key);
      }
    }
  }

  private static TransportException invalid(String key, Object value, String expected) {
    return new TransportException(
        "broker_transport_options['" + key + "'] must be " + expected + ", got: " + value);
  }
}
