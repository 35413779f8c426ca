package io.jcelery.transport;

import io.jcelery.protocol.TaskMessage;
import java.util.List;

/**
 * A connection to one broker, speaking kombu's conventions for it so that Python producers and
 * workers on the same broker interoperate. Thread-safe.
 *
 * <p>Implementations: {@code amqp://}, {@code amqps://} and {@code pyamqp://} (kombu {@code
 * transport/pyamqp.py}, on RabbitMQ), {@code redis://} and {@code rediss://} (kombu {@code
 * transport/redis.py}), {@code filesystem://} (kombu {@code transport/filesystem.py}), {@code
 * memory://} (kombu {@code transport/memory.py}, in this process only).
 *
 * @since 0.1
 */
public interface Transport extends AutoCloseable {

  /** Declares a queue and its binding. Idempotent; declaring what exists changes nothing. */
  void declareQueue(QueueSpec queue);

  /**
   * Declares an exchange of a kombu type ({@code direct}, {@code topic} or {@code fanout}) so
   * messages published to it are routed by that type (kombu {@code exchange_declare}); needed
   * before publishing to an exchange no queue of this transport was declared with, such as
   * Celery's fanout {@code celeryev} on Redis. Idempotent. The default does nothing.
   *
   * @throws TransportException when the exchange exists with another type
   * @since 0.1
   */
  default void declareExchange(String exchange, String type) {}

  /**
   * Declares an exchange as {@link #declareExchange(String, String)} does, with its durability
   * (kombu {@code Exchange.durable}; Celery's {@code celery.pidbox} and {@code reply.celery.pidbox}
   * are not durable, {@code celeryev} and task exchanges are). Only brokers with real exchanges
   * (AMQP) use the flag, and there it must match what other clients declared. The default
   * ignores it.
   *
   * @throws TransportException when the exchange exists with another type or durability
   * @since 0.1
   */
  default void declareExchange(String exchange, String type, boolean durable) {
    declareExchange(exchange, type);
  }

  /**
   * Publishes one message and returns once the broker has it. With exchange {@code ""} the routing
   * key names the queue (Celery's default routing); otherwise the exchange's bindings decide.
   *
   * @throws TransportException when the broker cannot take it
   */
  void publish(String exchange, String routingKey, TaskMessage message);

  /**
   * Starts delivering messages from the queues to the handler, fairly across queues (round robin,
   * as kombu), with at most {@code prefetchCount} unsettled deliveries at once (0 = no limit).
   */
  Consumer consume(List<QueueSpec> queues, int prefetchCount, DeliveryHandler handler);

  /** Number of messages waiting in a queue (not counting unacked ones). */
  long size(String queue);

  /** Removes every waiting message from a queue; returns how many were removed. */
  long purge(String queue);

  /**
   * Stops every consumer and closes the connection. Deliveries not settled by then go back to
   * their queues, flagged redelivered, so no message is lost.
   */
  @Override
  void close();
}
