package io.jcelery.transport.amqp;

import com.rabbitmq.client.Channel;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Declares a {@link QueueSpec} as kombu's {@code Queue.declare} does ({@code kombu/entity.py}):
 * the exchange (unless it is the default exchange {@code ""} or a predefined {@code amq.*} one),
 * then the queue (never exclusive), then the binding when the exchange has a name. Flags come from
 * the spec so Python and Java declare equal entities in any order, which RabbitMQ requires
 * (otherwise {@code PRECONDITION_FAILED}). Stateless and thread-safe.
 */
final class AmqpDeclarations {

  /**
   * Queue arguments RabbitMQ checks for an integer type; kombu writes them as Python ints ({@code
   * kombu/transport/base.py} {@code to_rabbitmq_queue_arguments}), so values given as text or
   * floating point numbers (from configuration) are made integers.
   */
  static final Set<String> INTEGER_ARGUMENTS =
      Set.of(
          "x-max-priority",
          "x-expires",
          "x-message-ttl",
          "x-max-length",
          "x-max-length-bytes",
          "x-delivery-limit",
          "x-max-in-memory-length",
          "x-max-in-memory-bytes",
          "x-quorum-initial-group-size",
          "x-stream-max-segment-size-bytes");

  private AmqpDeclarations() {}

  /** Declares the exchange, the queue and the binding. */
  static void declare(Channel channel, QueueSpec queue) throws IOException {
    String exchange = queue.exchange();
    if (isDeclarable(exchange)) {
      channel.exchangeDeclare(
          exchange, exchangeType(queue.exchangeType()), queue.exchangeDurable(), false, null);
    }
    channel.queueDeclare(
        queue.name(), queue.durable(), false, queue.autoDelete(), arguments(queue.arguments()));
    if (exchange != null && !exchange.isEmpty()) {
      channel.queueBind(
          queue.name(), exchange, queue.routingKey() == null ? "" : queue.routingKey());
    }
  }

  /** Declares an exchange, never auto-delete (kombu's {@code Exchange} default). */
  static void declareExchange(Channel channel, String exchange, String type, boolean durable)
      throws IOException {
    if (isDeclarable(exchange)) {
      channel.exchangeDeclare(exchange, exchangeType(type), durable, false, null);
    }
  }

  /** Whether a queue asks for a quorum queue, which RabbitMQ serves only with per-consumer QoS. */
  static boolean isQuorum(QueueSpec queue) {
    Object type = queue.arguments().get("x-queue-type");
    return type != null && type.toString().equalsIgnoreCase("quorum");
  }

  /**
   * Queue arguments as AMQP field values, integer arguments as integers.
   *
   * @throws TransportException when an integer argument is not a number
   */
  static Map<String, Object> arguments(Map<String, Object> arguments) {
    if (arguments.isEmpty()) {
      return null;
    }
    Map<String, Object> typed = new LinkedHashMap<>();
    arguments.forEach(
        (key, value) ->
            typed.put(
                key,
                INTEGER_ARGUMENTS.contains(key) && value != null
                    ? AmqpFieldValues.toAmqp(key, integer(key, value))
                    : AmqpFieldValues.toAmqp(key, value)));
    return typed;
  }

  /** kombu's exchange types, {@code direct} when unset. */
  static String exchangeType(String type) {
    return type == null || type.isEmpty() ? "direct" : type.toLowerCase(Locale.ROOT);
  }

  /** kombu {@code Exchange._can_declare}: not the default exchange, not a predefined one. */
  private static boolean isDeclarable(String exchange) {
    return exchange != null && !exchange.isEmpty() && !exchange.startsWith("amq.");
  }

  /** Python's {@code int(value)}: floats truncated, text parsed. */
  private static long integer(String key, Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      String text = value.toString().trim();
      return text.matches("[+-]?\\d+") ? Long.parseLong(text) : (long) Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new TransportException(
          "Queue argument '" + key + "' must be an integer, got: " + value);
    }
  }
}
