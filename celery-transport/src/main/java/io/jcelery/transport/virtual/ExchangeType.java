package io.jcelery.transport.virtual;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The exchange types kombu's virtual transports emulate ({@code
 * kombu/transport/virtual/exchange.py} {@code DirectExchange}, {@code TopicExchange}, {@code
 * FanoutExchange}): how a binding is stored and which queues a routing key reaches. Thread-safe.
 *
 * @since 0.1
 */
public enum ExchangeType {
  /** Exact match of the routing key against the binding key. */
  DIRECT {
    @Override
    public Set<String> lookup(Collection<Binding> table, String routingKey) {
      Set<String> queues = new LinkedHashSet<>();
      for (Binding b : table) {
        if (b.routingKey().equals(routingKey == null ? "" : routingKey)) {
          queues.add(b.queue());
        }
      }
      return queues;
    }
  },
  /**
   * Dot-separated words; {@code #} matches any words and {@code *} is meant to match one word, but
   * kombu's regex {@code .*?[^\.]} also lets it span several ({@code task.*} matches {@code
   * task.a.b}); kept for compatibility.
   */
  TOPIC {
    @Override
    public Binding prepareBind(String queue, String routingKey) {
      return new Binding(routingKey, keyToPattern(routingKey == null ? "" : routingKey), queue);
    }

    @Override
    public Set<String> lookup(Collection<Binding> table, String routingKey) {
      Set<String> queues = new LinkedHashSet<>();
      String key = routingKey == null ? "" : routingKey;
      for (Binding b : table) {
        String pattern = b.pattern() != null ? b.pattern() : keyToPattern(b.routingKey());
        // re.match: anchored at the start only; kombu's patterns carry their own ^...$.
        if (COMPILED.computeIfAbsent(pattern, Pattern::compile).matcher(key).lookingAt()) {
          queues.add(b.queue());
        }
      }
      return queues;
    }
  },
  /** Every bound queue, whatever the routing key. */
  FANOUT {
    @Override
    public Set<String> lookup(Collection<Binding> table, String routingKey) {
      Set<String> queues = new LinkedHashSet<>();
      for (Binding b : table) {
        queues.add(b.queue());
      }
      return queues;
    }
  };

  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  /** The binding row to store for binding {@code queue} with {@code routingKey}. */
  public Binding prepareBind(String queue, String routingKey) {
    return new Binding(routingKey, null, queue);
  }

  /** The queues that a message published with {@code routingKey} reaches, in table order. */
  public abstract Set<String> lookup(Collection<Binding> table, String routingKey);

  /** The kombu type name: {@code direct}, {@code topic} or {@code fanout}. */
  public String kombuName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type for a kombu type name; null or empty means {@code direct} (kombu's default).
   *
   * @throws IllegalArgumentException for {@code headers} or an unknown name
   */
  public static ExchangeType of(String name) {
    if (name == null || name.isEmpty()) {
      return DIRECT;
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "direct" -> DIRECT;
      case "topic" -> TOPIC;
      case "fanout" -> FANOUT;
      default -> throw new IllegalArgumentException(
          "Exchange type '" + name + "' is not supported by virtual transports"
              + " (direct, topic, fanout)");
    };
  }

  /**
   * kombu's {@code TopicExchange.key_to_pattern}: every character that is not alphanumeric and not
   * one of {@code .#*} is backslash-escaped ({@code kombu/utils/text.py} {@code escape_regex}),
   * then each word {@code *} becomes {@code .*?[^\.]} and {@code #} becomes {@code .*?}. The
   * text is stored in Redis and read by Python, so it must match kombu's character for
   * character.
   */
  public static String keyToPattern(String routingKey) {
    StringBuilder escaped = new StringBuilder(routingKey.length() * 2);
    routingKey
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '.' || c == '#' || c == '*') {
                escaped.appendCodePoint(c);
              } else if (c == 0) {
                escaped.append("\\000");
              } else {
                escaped.append('\\').appendCodePoint(c);
              }
            });
    StringBuilder pattern = new StringBuilder("^");
    String[] words = escaped.toString().split("\\.", -1);
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        pattern.append("\\.");
      }
      switch (words[i]) {
        case "*" -> pattern.append(".*?[^\\.]");
        case "#" -> pattern.append(".*?");
        default -> pattern.append(words[i]);
      }
    }
    return pattern.append('$').toString();
  }
}
