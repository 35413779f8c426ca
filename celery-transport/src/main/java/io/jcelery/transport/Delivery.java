package io.jcelery.transport;

import io.jcelery.protocol.TaskMessage;

/**
 * One message handed to a consumer, with the handle that settles it.
 *
 * @since 0.1
 */
public record Delivery(TaskMessage message, DeliveryInfo info, Settlement settlement) {}
