package io.jcelery.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A queue and its binding, as kombu's {@code Queue} declares it ({@code kombu/entity.py}).
 *
 * @param name queue name
 * @param exchange exchange the queue is bound to; Celery's default is an exchange named like the
 *     queue
 * @param exchangeType {@code direct}, {@code topic} or {@code fanout}
 * @param routingKey binding key
 * @param durable survives a broker restart
 * @param arguments queue arguments such as {@code x-max-priority}; never null
 * @since 0.1
 */
public record QueueSpec(
    String name,
    String exchange,
    String exchangeType,
    String routingKey,
    boolean durable,
    Map<String, Object> arguments) {

  public QueueSpec {
    Objects.requireNonNull(name, "name");
    arguments =
        arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /**
   * A queue as Celery creates it for a name in {@code task_queues} or by {@code
   * task_create_missing_queues}: a durable queue bound to a direct exchange of the same name with
   * the name as routing key.
   */
  public static QueueSpec of(String name) {
    return new QueueSpec(name, name, "direct", name, true, Map.of());
  }
}
