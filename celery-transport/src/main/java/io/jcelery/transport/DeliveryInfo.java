package io.jcelery.transport;

/**
 * Where a delivery came from; Celery exposes it as {@code request.delivery_info}.
 *
 * @param exchange the exchange the producer published to ({@code ""} for Celery's default routing)
 * @param routingKey the routing key the producer used
 * @param queue the queue the message was consumed from
 * @param redelivered the broker delivered it before
 * @param priority the message priority, or null
 * @since 0.1
 */
public record DeliveryInfo(
    String exchange, String routingKey, String queue, boolean redelivered, Integer priority) {}
