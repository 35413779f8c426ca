package io.jcelery.worker;

import io.jcelery.client.config.CelerySettings;
import io.jcelery.transport.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The queues a worker consumes, declared as Celery's {@code Queues} declares them ({@code
 * celery/app/amqp.py}): the default queue honours {@code task_default_exchange}, {@code
 * task_default_exchange_type} and {@code task_default_routing_key}; any other queue is bound to a
 * direct exchange of its own name; {@code task_queue_max_priority} adds {@code x-max-priority}.
 */
final class WorkerQueues {

  private WorkerQueues() {}

  static List<QueueSpec> specs(CelerySettings settings, List<String> names) {
    Integer maxPriority = settings.taskQueueMaxPriority();
    Map<String, Object> arguments =
        maxPriority == null ? Map.of() : Map.of("x-max-priority", maxPriority);
    List<QueueSpec> specs = new ArrayList<>();
    for (String name : names) {
      if (name.equals(settings.taskDefaultQueue())) {
        String exchange = settings.taskDefaultExchange();
        String routingKey = settings.taskDefaultRoutingKey();
        specs.add(
            new QueueSpec(
                name,
                exchange == null ? name : exchange,
                settings.taskDefaultExchangeType(),
                routingKey == null ? name : routingKey,
                true,
                arguments));
      } else {
        specs.add(new QueueSpec(name, name, "direct", name, true, arguments));
      }
    }
    return specs;
  }
}
