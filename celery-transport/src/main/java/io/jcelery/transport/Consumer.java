package io.jcelery.transport;

/**
 * A running consumption started by {@link Transport#consume}. Thread-safe.
 *
 * @since 0.1
 */
public interface Consumer extends AutoCloseable {

  /**
   * Changes how many deliveries may be unsettled at once (AMQP {@code basic.qos}; kombu's virtual
   * QoS on Redis and the filesystem). 0 means no limit.
   */
  void setPrefetchCount(int prefetchCount);

  /** The current prefetch count. */
  int prefetchCount();

  /**
   * Stops taking new messages. Deliveries already handed out stay valid and may still be settled;
   * those never settled are returned when the transport closes.
   */
  @Override
  void close();
}
