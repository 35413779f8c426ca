package io.jcelery.client.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type of a {@link Setting} and how a raw value becomes it. Raw values come as text from
 * properties files and the environment, or typed from YAML and code; both are accepted, as Celery's
 * {@code Option.to_python} does.
 *
 * @since 0.1
 */
public enum SettingType {
  /** Text. */
  STRING {
    @Override
    Object typed(String key, Object raw) {
      return raw.toString();
    }
  },
  /**
   * {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, any case (celery {@code
   * celery/utils/serialization.py} {@code strtobool}).
   */
  BOOLEAN {
    @Override
    Object typed(String key, Object raw) {
      if (raw instanceof Boolean b) {
        return b;
      }
      return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw invalid(key, raw, "a boolean (true/false, yes/no, on/off, 1/0)");
      };
    }
  },
  /** A whole number, as {@link Integer}. */
  INTEGER {
    @Override
    Object typed(String key, Object raw) {
      try {
        return new BigDecimal(raw.toString().trim()).intValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(key, raw, "an integer");
      }
    }
  },
  /** Seconds, possibly fractional, as {@link Duration}; a {@link Duration} is taken as is. */
  SECONDS {
    @Override
    Object typed(String key, Object raw) {
      if (raw instanceof Duration d) {
        return d;
      }
      try {
        BigDecimal seconds = new BigDecimal(raw.toString().trim());
        return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(key, raw, "a number of seconds");
      }
    }
  },
  /** A list of strings; text is split on commas. */
  STRING_LIST {
    @Override
    Object typed(String key, Object raw) {
      List<String> items = new ArrayList<>();
      if (raw instanceof Iterable<?> iterable) {
        iterable.forEach(item -> items.add(String.valueOf(item).trim()));
      } else if (raw instanceof Object[] array) {
        for (Object item : array) {
          items.add(String.valueOf(item).trim());
        }
      } else {
        for (String item : raw.toString().split(",")) {
          if (!item.isBlank()) {
            items.add(item.trim());
          }
        }
      }
      return List.copyOf(items);
    }
  },
  /** A map with string keys; text must be a JSON object. Values keep their JSON types. */
  MAP {
    @Override
    Object typed(String key, Object raw) {
      Map<String, Object> map = new LinkedHashMap<>();
      if (raw instanceof Map<?, ?> given) {
        given.forEach((k, v) -> map.put(String.valueOf(k), v));
      } else {
        String text = raw.toString().trim();
        if (text.isEmpty()) {
          return Map.of();
        }
        try {
          map.putAll(JSON.readValue(text, new TypeReference<Map<String, Object>>() {}));
        } catch (JsonProcessingException e) {
          throw invalid(key, raw, "a JSON object such as {\"visibility_timeout\": 3600}");
        }
      }
      return Collections.unmodifiableMap(map);
    }
  },
  /** An IANA time zone name, as {@link ZoneId}. */
  ZONE {
    @Override
    Object typed(String key, Object raw) {
      if (raw instanceof ZoneId zone) {
        return zone;
      }
      try {
        return ZoneId.of(raw.toString().trim());
      } catch (DateTimeException e) {
        throw invalid(key, raw, "a time zone name such as Europe/Paris");
      }
    }
  },
  /** An AMQP delivery mode: 2 or {@code persistent}, 1 or {@code transient}. */
  DELIVERY_MODE {
    @Override
    Object typed(String key, Object raw) {
      return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
        case "2", "persistent" -> 2;
        case "1", "transient" -> 1;
        default -> throw invalid(key, raw, "2 (persistent) or 1 (transient)");
      };
    }
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Types a raw value; null stays null. */
  Object convert(String key, Object raw) {
    return raw == null ? null : typed(key, raw);
  }

  abstract Object typed(String key, Object raw);

  private static ConfigurationException invalid(String key, Object raw, String expected) {
    return new ConfigurationException(key, "Setting " + key + "='" + raw + "' is not " + expected);
  }
}
