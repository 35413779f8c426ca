package io.jcelery.client;

import io.jcelery.client.config.CelerySettings;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.transport.QueueSpec;
import java.util.Map;

/**
 * Decides where a task message goes, as Celery's {@code send_task_message} does ({@code
 * celery/app/amqp.py}): a queue (the default one unless named) is published to through the default
 * exchange {@code ""} with the queue name as routing key; an explicit exchange and routing key are
 * used as given. Queues are declared like Celery's automatic queues: durable, bound to a direct
 * exchange of the same name.
 */
final class TaskRouter {

  /** Where to publish, and the queue to declare first (null when none). */
  record Route(String exchange, String routingKey, QueueSpec declare) {}

  private final CelerySettings settings;

  TaskRouter(CelerySettings settings) {
    this.settings = settings;
  }

  Route route(SendOptions options) {
    String queueName = options.queue();
    if (queueName == null && options.exchange() == null) {
      queueName = settings.taskDefaultQueue();
    }
    QueueSpec queue = queueName == null ? null : queueSpec(queueName);
    String exchangeType = queue == null ? "direct" : queue.exchangeType();
    String exchange = options.exchange();
    String routingKey = options.routingKey();
    if ((isEmpty(exchange) || isEmpty(routingKey)) && "direct".equals(exchangeType)) {
      // send_task_message: "convert to anon-exchange, when exchange not set and direct ex."
      exchange = "";
      routingKey = queueName;
    } else if (exchange == null) {
      exchange = queue.exchange();
      routingKey = isEmpty(routingKey) ? queue.routingKey() : routingKey;
    }
    if (routingKey == null) {
      throw new IllegalArgumentException(
          "Cannot route a task sent to exchange '" + exchange + "' without a routing key or queue");
    }
    return new Route(exchange, routingKey, queue);
  }

  /** The queue as Celery's {@code Queues} creates it; the default queue honours task_default_*. */
  QueueSpec queueSpec(String name) {
    Integer maxPriority = settings.taskQueueMaxPriority();
    Map<String, Object> arguments =
        maxPriority == null ? Map.of() : Map.of("x-max-priority", maxPriority);
    if (name.equals(settings.taskDefaultQueue())) {
      String exchange = settings.taskDefaultExchange();
      String routingKey = settings.taskDefaultRoutingKey();
      return new QueueSpec(
          name,
          exchange == null ? name : exchange,
          settings.taskDefaultExchangeType(),
          routingKey == null ? name : routingKey,
          true,
          arguments);
    }
    if (!settings.taskCreateMissingQueues()) {
      throw new ConfigurationException(
          "task_create_missing_queues",
          "Queue " + name + " is not defined and task_create_missing_queues is false");
    }
    return new QueueSpec(name, name, "direct", name, true, arguments);
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
