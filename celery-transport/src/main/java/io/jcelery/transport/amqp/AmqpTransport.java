package io.jcelery.transport.amqp;

import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMQP 0-9-1 transport for RabbitMQ, compatible with kombu 5.2.4's py-amqp transport ({@code
 * kombu/transport/pyamqp.py}) and the entities Celery 5.2.6 declares, so Python and Java
 * producers and workers share one broker.
 *
 * <h2>Features</h2>
 *
 * <ul>
 *   <li>Type: native. Direct, topic and fanout exchanges are RabbitMQ's; priorities ({@code
 *       x-max-priority}, higher first) and TTLs are the broker's.
 *   <li>Declare: exchange, queue and binding with kombu's flags ({@link AmqpDeclarations}); what
 *       this transport declared is declared again after the connection came back.
 *   <li>Publish: on one confirm-mode channel; returns when the broker confirmed. Headers are
 *       written with py-amqp's field types. During an outage it waits up to {@code
 *       publish_timeout} for the connection, then throws.
 *   <li>Consume: one channel per consumer, {@code basic.qos(prefetch, global=True)} as Celery,
 *       manual acks, deliveries on the client's dispatch thread. Consumers come back by
 *       themselves after the connection was lost; deliveries of the lost channel are redelivered
 *       by the broker and settling them does nothing.
 *   <li>Close: channels close, so RabbitMQ requeues unacknowledged deliveries (flagged
 *       redelivered).
 * </ul>
 *
 * <h2>URL</h2>
 *
 * {@code amqp://[user:password@]host[:port][/vhost][?heartbeat=s&connect_timeout=s]}; {@code
 * pyamqp://} is the same, {@code amqps://} uses TLS (port 5671, {@code ?ssl_cert_reqs=CERT_NONE}
 * to skip certificate checks). Failover: {@code amqp://a;amqp://b}, tried in order. Defaults:
 * guest/guest at 127.0.0.1:5672, vhost {@code /}. Passwords are masked in logs.
 *
 * <h2>Transport options</h2>
 *
 * See {@link AmqpTransportOptions}. Two connections are opened: {@code publish} at once, {@code
 * consume} with the first consumer, named {@code <connection_name> publish|consume}.
 */
final class AmqpTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpTransport.class);
  /** How long an ack may be held for a batch ({@link AmqpAcks}). */
  static final long ACK_LINGER_MICROS = 1000;

  private final AmqpUrls urls;
  private final AmqpTransportOptions options;
  private final AmqpConnectionFactory factory;
  private final AmqpConnection publishing;
  private final AmqpPublisher publisher;
  private final AmqpAdminChannel admin;
  private final List<AmqpConsumer> consumers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService background;
  /** Writes the acks held for batching once they have waited {@link #ACK_LINGER_MICROS}. */
  private final ScheduledExecutorService ackTimer;
  private AmqpConnection consuming; // guarded by this
  private volatile boolean closed;

  AmqpTransport(AmqpUrls urls, AmqpTransportOptions options) {
    this.urls = urls;
    this.options = options;
    this.factory = new AmqpConnectionFactory(urls, options);
    this.publishing = new AmqpConnection(factory, urls, options.connectionName(), "publish");
    this.publisher = new AmqpPublisher(publishing, options);
    this.admin = new AmqpAdminChannel(publishing, options.publishTimeout(), this);
    this.background = daemonScheduler("jcelery-amqp-housekeeping");
    this.ackTimer = daemonScheduler("jcelery-amqp-acks");
  }

  private static ScheduledExecutorService daemonScheduler(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void declareQueue(QueueSpec queue) {
    Objects.requireNonNull(queue, "queue");
    ensureOpen();
    admin.declare("declare queue '" + queue.name() + "'", ch -> {
      AmqpDeclarations.declare(ch, queue);
      return null;
    });
  }

  @Override
  public void declareExchange(String exchange, String type) {
    declareExchange(exchange, type, true);
  }

  @Override
  public void declareExchange(String exchange, String type, boolean durable) {
    Objects.requireNonNull(exchange, "exchange");
    ensureOpen();
    admin.declare("declare exchange '" + exchange + "'", ch -> {
      AmqpDeclarations.declareExchange(ch, exchange, type, durable);
      return null;
    });
  }

  @Override
  public void publish(String exchange, String routingKey, TaskMessage message) {
    ensureOpen();
    Objects.requireNonNull(message, "message");
    publisher.publish(
        exchange == null ? "" : exchange,
        routingKey == null ? "" : routingKey,
        AmqpMessages.properties(message),
        message.body());
  }

  @Override
  public Consumer consume(List<QueueSpec> queues, int prefetchCount, DeliveryHandler handler) {
    ensureOpen();
    Objects.requireNonNull(handler, "handler");
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("consume needs at least one queue");
    }
    List<QueueSpec> distinct = new ArrayList<>();
    for (QueueSpec queue : queues) {
      if (distinct.stream().noneMatch(q -> q.name().equals(queue.name()))) {
        distinct.add(queue);
      }
    }
    AmqpConsumer consumer =
        new AmqpConsumer(this, consumingConnection(), distinct, prefetchCount, handler);
    consumer.start();
    consumers.add(consumer);
    if (closed) {
      consumer.closeNow();
      throw new TransportException(this + " is closed");
    }
    return consumer;
  }

  @Override
  public long size(String queue) {
    ensureOpen();
    return admin.call("count queue '" + queue + "'", ch -> {
      try {
        return (long) ch.queueDeclarePassive(queue).getMessageCount();
      } catch (IOException e) {
        return emptyIfMissing(e);
      }
    });
  }

  @Override
  public long purge(String queue) {
    ensureOpen();
    return admin.call("purge queue '" + queue + "'", ch -> {
      try {
        return (long) ch.queuePurge(queue).getMessageCount();
      } catch (IOException e) {
        return emptyIfMissing(e);
      }
    });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AmqpConsumer consumer : consumers) {
      consumer.closeNow();
    }
    consumers.clear();
    publisher.close();
    admin.close();
    AmqpConnection consumeConnection;
    synchronized (this) {
      consumeConnection = consuming;
    }
    if (consumeConnection != null) {
      consumeConnection.close();
    }
    publishing.close();
    background.shutdownNow();
    ackTimer.shutdownNow();
  }

  @Override
  public String toString() {
    return urls.toString();
  }

  /** Runs a task off the client's threads (closing channels, reopening a consumer's channel). */
  void background(Runnable task) {
    try {
      background.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: closed; task dropped", this);
    }
  }

  /**
   * Runs {@code writeAcks} after the ack linger, on a thread of its own so that no housekeeping
   * task (a channel waiting for its acks before it closes) delays it.
   *
   * @throws RejectedExecutionException when the transport is closed
   */
  void afterAckLinger(Runnable writeAcks) {
    ackTimer.schedule(writeAcks, ACK_LINGER_MICROS, TimeUnit.MICROSECONDS);
  }

  /** Runs a task after the recovery interval. */
  void backgroundLater(Runnable task) {
    try {
      background.schedule(task, options.recoveryInterval().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: closed; task dropped", this);
    }
  }

  private synchronized AmqpConnection consumingConnection() {
    if (consuming == null) {
      consuming = new AmqpConnection(factory, urls, options.connectionName(), "consume");
    }
    return consuming;
  }

  /** As the virtual transports: a queue never declared holds nothing. */
  private static long emptyIfMissing(IOException e) throws IOException {
    if (AmqpErrors.replyCode(e) == AmqpErrors.NOT_FOUND) {
      return 0L;
    }
    throw e;
  }

  private void ensureOpen() {
    if (closed) {
      throw new TransportException(this + " is closed");
    }
  }
}
