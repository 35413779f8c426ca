package io.jcelery.transport;

/**
 * Receives deliveries. Called on a transport thread, one delivery at a time per consumer; it must
 * hand work off quickly and never block on the pool. It must not throw: an exception is logged and
 * the delivery is rejected with requeue.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DeliveryHandler {
  void onDelivery(Delivery delivery);
}
