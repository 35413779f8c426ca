package io.jcelery.protocol.codec;

import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link TaskHeaders} to and from the header map, for {@link TaskMessageCodec}. */
final class TaskHeaderMaps {

  private static final Set<String> KNOWN = Set.copyOf(TaskHeaders.NAMES);

  private TaskHeaderMaps() {}

  static Map<String, Object> toMap(TaskHeaders h) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("lang", h.lang());
    map.put("task", h.task());
    map.put("id", h.id());
    map.put("shadow", h.shadow());
    map.put("eta", h.eta());
    map.put("expires", h.expires());
    map.put("group", h.group());
    map.put("group_index", h.groupIndex());
    map.put("retries", h.retries());
    map.put(
        "timelimit", Arrays.asList(pythonNumber(h.timeLimit()), pythonNumber(h.softTimeLimit())));
    map.put("root_id", h.rootId());
    map.put("parent_id", h.parentId());
    map.put("argsrepr", h.argsrepr());
    map.put("kwargsrepr", h.kwargsrepr());
    map.put("origin", h.origin());
    map.put("ignore_result", h.ignoreResult());
    h.extra()
        .forEach(
            (key, value) -> {
              if (!key.equals(TaskMessage.COMPRESSION_HEADER)) {
                map.put(key, value);
              }
            });
    return map;
  }

  static TaskHeaders fromMap(Map<String, Object> headers) {
    String task = text(headers, "task");
    String id = text(headers, "id");
    if (task == null) {
      throw new InvalidTaskException("Task message has no task header");
    }
    if (id == null) {
      throw new InvalidTaskException("Task message " + task + " has no id header");
    }
    Double[] limits = timeLimits(headers.get("timelimit"));
    Integer retries = integer(headers, "retries");
    Map<String, Object> extra = new LinkedHashMap<>();
    headers.forEach(
        (key, value) -> {
          if (!KNOWN.contains(key) && !key.equals(TaskMessage.COMPRESSION_HEADER)) {
            extra.put(key, value);
          }
        });
    return new TaskHeaders(
        text(headers, "lang"),
        task,
        id,
        text(headers, "shadow"),
        text(headers, "eta"),
        text(headers, "expires"),
        text(headers, "group"),
        integer(headers, "group_index"),
        retries == null ? 0 : retries,
        limits[0],
        limits[1],
        text(headers, "root_id"),
        text(headers, "parent_id"),
        text(headers, "argsrepr"),
        text(headers, "kwargsrepr"),
        text(headers, "origin"),
        bool(headers.get("ignore_result")),
        extra);
  }

  /** Python writes ints without a fraction; a whole-number limit goes out as a Long. */
  private static Number pythonNumber(Double value) {
    if (value != null && value == Math.rint(value) && Math.abs(value) < 1e15) {
      return value.longValue();
    }
    return value;
  }

  private static String text(Map<String, Object> headers, String key) {
    Object value = headers.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof CharSequence chars) {
      return chars.toString();
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    throw new InvalidTaskException(
        "Header " + key + " must be a string, got " + value.getClass().getSimpleName());
  }

  private static Integer integer(Map<String, Object> headers, String key) {
    Object value = headers.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw new InvalidTaskException("Header " + key + " must be an integer, got " + value);
  }

  private static Double[] timeLimits(Object value) {
    if (value == null) {
      return new Double[2];
    }
    List<?> items =
        value instanceof List<?> list
            ? list
            : value instanceof Object[] array ? Arrays.asList(array) : null;
    if (items == null || items.size() != 2) {
      throw new InvalidTaskException("Header timelimit must be [hard, soft], got " + value);
    }
    Double[] limits = new Double[2];
    for (int i = 0; i < 2; i++) {
      Object item = items.get(i);
      if (item instanceof Number n) {
        limits[i] = n.doubleValue();
      } else if (item != null) {
        throw new InvalidTaskException("Header timelimit must hold numbers, got " + value);
      }
    }
    return limits;
  }

  private static boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return value != null && !(value instanceof String s && s.isEmpty());
  }
}
