package io.jcelery.transport.virtual;

import java.util.Objects;

/**
 * One row of an exchange's routing table, as kombu's {@code ExchangeType.prepare_bind} makes it
 * ({@code kombu/transport/virtual/exchange.py}): the binding key, the compiled-pattern text for
 * topic exchanges (null otherwise) and the destination queue. The Redis transport stores it as the
 * {@code _kombu.binding.<exchange>} set member {@code routing_key + sep + pattern + sep + queue}.
 *
 * @param routingKey binding key, never null ({@code ""} when none)
 * @param pattern regular expression text for topic bindings, or null
 * @param queue destination queue, never null
 * @since 0.1
 */
public record Binding(String routingKey, String pattern, String queue) {

  public Binding {
    routingKey = routingKey == null ? "" : routingKey;
    Objects.requireNonNull(queue, "queue");
  }

  /** The Redis set member kombu writes: {@code routing_key + sep + pattern + sep + queue}. */
  public String member(String sep) {
    return routingKey + sep + (pattern == null ? "" : pattern) + sep + queue;
  }

  /**
   * Parses a set member written by {@link #member} or by kombu's {@code _queue_bind}.
   *
   * @return the binding, or null when the member does not have three parts
   */
  public static Binding parseMember(String member, String sep) {
    int first = member.indexOf(sep);
    int second = first < 0 ? -1 : member.indexOf(sep, first + sep.length());
    if (second < 0) {
      return null;
    }
    String pattern = member.substring(first + sep.length(), second);
    return new Binding(
        member.substring(0, first),
        pattern.isEmpty() ? null : pattern,
        member.substring(second + sep.length()));
  }
}
