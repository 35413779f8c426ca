package io.jcelery.worker.inbound;

import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the worker's queues (Celery's {@code celery/worker/consumer/tasks.py} and the QoS of
 * {@code consumer.py}). The prefetch count is the pool's share ({@code
 * worker_prefetch_multiplier} times the pool size; 0 = no limit) plus one for every ETA task held
 * unacknowledged in memory, as Celery's {@code qos.increment_eventually}. Thread-safe.
 *
 * @since 0.1
 */
public final class TaskConsumer {

  private static final Logger log = LoggerFactory.getLogger(TaskConsumer.class);

  private final Transport transport;
  private final List<QueueSpec> queues;
  private int basePrefetch;
  private int held;
  private volatile Consumer consumer;

  /**
   * @param transport the broker connection
   * @param queues the queues to consume, declared when consumption starts
   * @param basePrefetch the pool's share of the prefetch count; 0 = no limit
   */
  public TaskConsumer(Transport transport, List<QueueSpec> queues, int basePrefetch) {
    this.transport = transport;
    this.queues = List.copyOf(queues);
    this.basePrefetch = basePrefetch;
  }

  /**
   * Declares the queues and starts delivering to {@code next}. An exception escaping {@code next}
   * is logged and the delivery left unsettled (the transport returns it on close), so the
   * consumer keeps going.
   */
  public synchronized void start(DeliveryHandler next) {
    if (consumer != null) {
      throw new IllegalStateException("already consuming");
    }
    for (QueueSpec queue : queues) {
      transport.declareQueue(queue);
    }
    consumer = transport.consume(queues, prefetchCount(), delivery -> guarded(next, delivery));
    update(); // ETA tasks may have been held while consume() was starting
  }

  private static void guarded(DeliveryHandler next, Delivery delivery) {
    try {
      next.onDelivery(delivery);
    } catch (Throwable e) {
      log.error(
          "Unexpected error handling a message from {} (left unacknowledged): {}",
          delivery.info().queue(),
          e.toString(),
          e);
    }
  }

  /** The current prefetch count; 0 means no limit. */
  public synchronized int prefetchCount() {
    return basePrefetch == 0 ? 0 : basePrefetch + held;
  }

  /** Sets the pool's share after the pool was resized (Celery's {@code _update_prefetch_count}). */
  public synchronized void setBasePrefetch(int basePrefetch) {
    this.basePrefetch = basePrefetch;
    update();
  }

  /** One more ETA task is held unacknowledged; allow one more unsettled delivery. */
  public synchronized void incrementPrefetch() {
    held++;
    update();
  }

  /** A held ETA task was released to the pool or dropped. */
  public synchronized void decrementPrefetch() {
    held = Math.max(0, held - 1);
    update();
  }

  private void update() {
    if (consumer != null) {
      consumer.setPrefetchCount(prefetchCount());
    }
  }

  /** Stops taking messages. Unsettled deliveries stay valid until the transport closes. */
  public void stop() {
    Consumer running;
    synchronized (this) {
      running = consumer;
      consumer = null;
    }
    // Closed outside the lock: closing may wait for a delivery whose handler needs the lock.
    if (running != null) {
      running.close();
    }
  }
}
