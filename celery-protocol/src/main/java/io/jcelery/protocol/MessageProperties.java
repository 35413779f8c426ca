package io.jcelery.protocol;

import java.util.Map;

/**
 * The kombu message properties a task message carries (AMQP basic properties; the {@code
 * properties} object of kombu's Redis envelope, less the transport's own {@code delivery_info},
 * {@code delivery_tag} and {@code body_encoding}).
 *
 * @param correlationId the task id for task messages; may be null
 * @param replyTo where an rpc backend sends the result; Celery always sets it; may be null
 * @param deliveryMode 2 persistent (Celery's default for tasks), 1 transient
 * @param priority 0..255 on AMQP, 0..9 on Redis; null when not set
 * @param expiration milliseconds as a decimal string, as kombu writes it; null when not set
 * @param extra any other property a producer wrote (5.2.6 puts {@code origin} and {@code
 *     replaced_task_nesting} here on retries); never null, insertion-ordered
 * @since 0.1
 */
public record MessageProperties(
    String correlationId,
    String replyTo,
    int deliveryMode,
    Integer priority,
    String expiration,
    Map<String, Object> extra) {

  public static final int PERSISTENT = 2;
  public static final int TRANSIENT = 1;

  public MessageProperties {
    extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
  }

  /** Properties of a task message as {@code Celery.send_task} sets them by default. */
  public static MessageProperties forTask(String taskId, String replyTo) {
    return new MessageProperties(taskId, replyTo, PERSISTENT, 0, null, Map.of());
  }

  public MessageProperties withPriority(Integer newPriority) {
    return new MessageProperties(correlationId, replyTo, deliveryMode, newPriority, expiration, extra);
  }

  public MessageProperties withExpiration(String newExpiration) {
    return new MessageProperties(correlationId, replyTo, deliveryMode, priority, newExpiration, extra);
  }
}
