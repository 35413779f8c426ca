package io.jcelery.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.jcelery.transport.QueueSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code basic.consume} subscriptions of one consumer, as kombu's {@code Consumer.consume}
 * makes them: every queue declared, then one subscription per queue with manual acks. Each
 * subscription gets new consumer tags: RabbitMQ 3.10 quorum queues crash the channel when a tag is
 * reused while deliveries of its predecessor are unsettled. Thread-safe.
 */
final class AmqpSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpSubscription.class);

  /** Receives the deliveries of one channel. */
  interface Receiver {
    void onDelivery(Channel channel, String queue, Delivery delivery);
  }

  private final List<QueueSpec> queues;
  private final Receiver receiver;
  private final Object owner;
  private final String tagPrefix = "jcelery-" + UUID.randomUUID();
  private final AtomicLong subscriptions = new AtomicLong();
  private volatile List<String> tags = List.of();

  /**
   * @param owner named in log lines
   */
  AmqpSubscription(List<QueueSpec> queues, Receiver receiver, Object owner) {
    this.queues = List.copyOf(queues);
    this.receiver = receiver;
    this.owner = owner;
  }

  /** Declares the queues and subscribes to each on {@code channel}. */
  void subscribe(Channel channel) throws IOException {
    for (QueueSpec queue : queues) {
      AmqpDeclarations.declare(channel, queue);
    }
    consumeAll(channel);
  }

  /** Cancels and subscribes again (per-consumer QoS applies to new subscriptions only). */
  void resubscribe(Channel channel) throws IOException {
    for (String tag : tags) {
      channel.basicCancel(tag);
    }
    consumeAll(channel);
  }

  /** Cancels every subscription; errors (a closed channel) are ignored. */
  void cancelQuietly(Channel channel) {
    for (String tag : tags) {
      try {
        channel.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        LOG.debug("{}: basic.cancel failed", owner, e);
      }
    }
  }

  private void consumeAll(Channel channel) throws IOException {
    long subscription = subscriptions.incrementAndGet();
    List<String> newTags = new ArrayList<>();
    for (int i = 0; i < queues.size(); i++) {
      String queue = queues.get(i).name();
      String tag = tagPrefix + "-" + subscription + "-" + i;
      channel.basicConsume(
          queue,
          false,
          tag,
          (consumerTag, delivery) -> receiver.onDelivery(channel, queue, delivery),
          consumerTag ->
              LOG.warn("{}: the broker cancelled the consumer of queue '{}' (queue deleted?)",
                  owner, queue));
      newTags.add(tag);
    }
    tags = List.copyOf(newTags);
  }
}
