package io.jcelery.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A queue and its binding, as kombu's {@code Queue} declares it ({@code kombu/entity.py}).
 *
 * <p>Brokers with real entities (AMQP) declare exactly these flags, so they must match what
 * Python Celery declares for the same names: a task queue is durable, not auto-delete, on a
 * durable direct exchange ({@link #of}); an event or remote-control queue is non-durable and
 * auto-delete, on a durable topic exchange ({@code celeryev}) or a non-durable fanout one ({@code
 * celery.pidbox}). Virtual transports (Redis, filesystem, memory) ignore the flags.
 *
 * @param name queue name
 * @param exchange exchange the queue is bound to; Celery's default is an exchange named like the
 *     queue; {@code ""} (the default exchange, which binds every queue by its name) declares no
 *     exchange and no binding
 * @param exchangeType {@code direct}, {@code topic} or {@code fanout}
 * @param routingKey binding key
 * @param durable survives a broker restart
 * @param arguments queue arguments such as {@code x-max-priority}; never null
 * @param autoDelete the broker deletes the queue when its last consumer goes (kombu {@code
 *     Queue.auto_delete}); false by default
 * @param exchangeDurable the exchange survives a broker restart (kombu {@code Exchange.durable});
 *     by default the same as {@code durable}
 * @since 0.1
 */
public record QueueSpec(
    String name,
    String exchange,
    String exchangeType,
    String routingKey,
    boolean durable,
    Map<String, Object> arguments,
    boolean autoDelete,
    boolean exchangeDurable) {

  public QueueSpec {
    Objects.requireNonNull(name, "name");
    arguments =
        arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /**
   * A queue that is not auto-delete, on an exchange as durable as the queue.
   *
   * @since 0.1
   */
  public QueueSpec(
      String name,
      String exchange,
      String exchangeType,
      String routingKey,
      boolean durable,
      Map<String, Object> arguments) {
    this(name, exchange, exchangeType, routingKey, durable, arguments, false, durable);
  }

  /**
   * A queue as Celery creates it for a name in {@code task_queues} or by {@code
   * task_create_missing_queues}: a durable queue bound to a direct exchange of the same name with
   * the name as routing key.
   */
  public static QueueSpec of(String name) {
    return new QueueSpec(name, name, "direct", name, true, Map.of());
  }

  /** This queue with the given auto-delete flag. */
  public QueueSpec withAutoDelete(boolean newAutoDelete) {
    return new QueueSpec(
        name, exchange, exchangeType, routingKey, durable, arguments, newAutoDelete,
        exchangeDurable);
  }

  /** This queue bound to an exchange with the given durability. */
  public QueueSpec withExchangeDurable(boolean newExchangeDurable) {
    return new QueueSpec(
        name, exchange, exchangeType, routingKey, durable, arguments, autoDelete,
        newExchangeDurable);
  }
}
