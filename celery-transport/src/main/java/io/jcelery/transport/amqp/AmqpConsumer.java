package io.jcelery.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.DeliveryInfo;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.virtual.AbstractSettlement;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumption on its own channel, as Celery's task consumer: the prefetch count limits the
 * unsettled deliveries of the channel, one {@code basic.consume} per queue with manual acks,
 * deliveries handed to the handler on the client's dispatch thread for this channel, one at a time.
 *
 * <p>Celery 5.2 sends {@code basic.qos(prefetch, global=True)}, which RabbitMQ applies to the
 * channel. RabbitMQ's channel-wide limit makes the channel and the queue coordinate for every
 * delivery; its per-consumer limit ({@code global=False}) is kept by the queue alone (RabbitMQ's
 * "Consumer Prefetch" guide). With one queue, so one consumer on the channel, both limits are the
 * same number of unsettled deliveries, so a consumer of one queue starts with the per-consumer
 * limit: RabbitMQ then spent 78 us of CPU per noop task instead of 86, and the noop benchmark
 * ran 12,400 tasks/s steady instead of 11,300 (3 runs each, alternating). RabbitMQ applies a
 * per-consumer limit only to consumers that subscribe after it, so the first change of the
 * prefetch count (an ETA task held, or the pool resized) moves the limit to the channel, as
 * Celery's, lifts the per-consumer one and subscribes once more; later changes are a {@code
 * basic.qos} each. A consumer of several queues uses the channel-wide limit from the start, as
 * Celery. Quorum queues support only the per-consumer limit: every change subscribes again.
 *
 * <p>After a lost connection the client recovers the channel and its QoS; this consumer then
 * declares its queues again and re-subscribes. A channel closed by a broker error is replaced.
 * Deliveries of a channel that closed can no longer be settled: settling them does nothing (the
 * broker redelivers them), and never touches the new channel. Thread-safe.
 */
final class AmqpConsumer implements Consumer {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpConsumer.class);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final AmqpTransport transport;
  private final AmqpConnection connection;
  private final List<QueueSpec> queues;
  private final DeliveryHandler handler;
  /** The queues include a quorum queue: the per-consumer limit, always. */
  private final boolean quorum;
  private final AmqpSubscription subscription;
  private final Object lock = new Object();
  /** Serializes basic.qos updates so the last value set is the one in force. */
  private final ReentrantLock qosLock = new ReentrantLock();

  private Channel channel; // guarded by lock
  private int prefetchCount; // guarded by lock
  /** The limit is on the channel (global QoS), not on the consumer. */
  private boolean channelQos; // guarded by lock
  /** Incremented each time the channel shuts down: deliveries of older ones are void. */
  private long generation; // guarded by lock
  private int unsettled; // guarded by lock: deliveries of the current generation
  /** Settles the deliveries of the current channel generation; replaced with the generation. */
  private AmqpAcks acks; // guarded by lock
  private Channel acksChannel; // guarded by lock: the channel `acks` writes on
  private long acksGeneration = -1; // guarded by lock
  private boolean cancelled; // guarded by lock: close() was called
  private boolean closed; // guarded by lock: the channel is closed for good

  AmqpConsumer(
      AmqpTransport transport,
      AmqpConnection connection,
      List<QueueSpec> queues,
      int prefetchCount,
      DeliveryHandler handler) {
    this.transport = transport;
    this.connection = connection;
    this.queues = List.copyOf(queues);
    this.handler = handler;
    this.prefetchCount = requireCount(prefetchCount);
    // Celery 5.2.6 sends global QoS to RabbitMQ >= 3.3 (pyamqp qos_semantics_matches_spec);
    // quorum queues support only per-consumer QoS (Celery main: worker_detect_quorum_queues).
    this.quorum = queues.stream().anyMatch(AmqpDeclarations::isQuorum);
    this.channelQos = !quorum && queues.size() > 1;
    this.subscription = new AmqpSubscription(queues, this::onDelivery, this);
  }

  /**
   * Opens the channel, declares the queues and subscribes.
   *
   * @throws TransportException when the broker refuses a declaration or the subscription
   */
  void start() {
    Channel ch = open();
    synchronized (lock) {
      channel = ch;
    }
  }

  @Override
  public void setPrefetchCount(int newPrefetchCount) {
    requireCount(newPrefetchCount);
    qosLock.lock();
    try {
      Channel ch;
      boolean resubscribe;
      synchronized (lock) {
        if (newPrefetchCount == prefetchCount) {
          return;
        }
        prefetchCount = newPrefetchCount;
        if (acks != null) {
          acks.setBatch(AmqpAcks.batchFor(newPrefetchCount));
        }
        if (closed) {
          return;
        }
        ch = channel;
        // A per-consumer limit applies to new subscriptions only.
        resubscribe = !channelQos;
        channelQos = !quorum;
      }
      try {
        applyQos(ch, resubscribe);
        if (resubscribe) {
          subscription.resubscribe(ch);
        }
      } catch (IOException | ShutdownSignalException e) {
        if (!AmqpErrors.isConnectionLoss(e)) {
          throw new TransportException(
              this + ": cannot change the prefetch count: " + AmqpErrors.reason(e), e);
        }
        // Applied when the channel comes back (the client records QoS; reopen() sets it).
        LOG.debug("{}: prefetch count {} applies after reconnecting", this, newPrefetchCount);
      }
    } finally {
      qosLock.unlock();
    }
  }

  @Override
  public int prefetchCount() {
    synchronized (lock) {
      return prefetchCount;
    }
  }

  @Override
  public void close() {
    Channel ch;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      ch = channel;
    }
    if (ch != null && ch.isOpen()) {
      subscription.cancelQuietly(ch);
    }
    closeIfDrained();
  }

  /** Closes the channel now: its unsettled deliveries go back to their queues. */
  void closeNow() {
    Channel ch;
    AmqpAcks settler;
    synchronized (lock) {
      cancelled = true;
      if (closed) {
        return;
      }
      closed = true;
      ch = channel;
      settler = acks;
    }
    if (settler != null) {
      settler.flush(); // acks held for batching are acks: they go out before the channel closes
    }
    if (ch != null) {
      AmqpConnection.closeQuietly(ch);
    }
  }

  @Override
  public String toString() {
    return connection + " consumer of " + queues.stream().map(QueueSpec::name).toList();
  }

  private Channel open() {
    Channel ch = connection.createChannel();
    try {
      applyQos(ch, false); // a new channel has no limit of either kind
      subscription.subscribe(ch);
    } catch (IOException | ShutdownSignalException e) {
      AmqpConnection.closeQuietly(ch);
      throw new TransportException(this + ": " + AmqpErrors.reason(e), e);
    }
    ch.addShutdownListener(cause -> onChannelShutdown(ch, cause));
    ((Recoverable) ch)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recoverable) {
                onChannelRecovered(ch);
              }

              @Override
              public void handleRecoveryStarted(Recoverable recoverable) {}
            });
    return ch;
  }

  private void onDelivery(Channel ch, String queue, com.rabbitmq.client.Delivery delivery) {
    Envelope envelope = delivery.getEnvelope();
    long tag = envelope.getDeliveryTag();
    long gen;
    AmqpAcks settler;
    synchronized (lock) {
      settler = acksFor(ch);
      if (cancelled) {
        gen = -1;
      } else {
        gen = generation;
        unsettled++;
        settler.delivered(tag);
      }
    }
    if (gen < 0) {
      // Arrived while cancelling: back to the queue, not to a handler that stopped.
      settler.reject(tag, true);
      return;
    }
    TaskMessage message = AmqpMessages.message(delivery.getProperties(), delivery.getBody());
    DeliveryInfo info =
        new DeliveryInfo(envelope.getExchange(), envelope.getRoutingKey(), queue,
            envelope.isRedeliver(), delivery.getProperties().getPriority());
    Settlement settlement = new Settlement(tag, gen, settler);
    try {
      handler.onDelivery(new Delivery(message, info, settlement));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.error("{}: delivery handler failed; requeueing the message", this, e);
      if (!settlement.isSettled()) {
        settlement.reject(true);
      }
    }
  }

  /** The settler of the current generation on {@code ch}; a new one when either changed. */
  private AmqpAcks acksFor(Channel ch) {
    if (acks == null || acksGeneration != generation || acksChannel != ch) {
      acks =
          new AmqpAcks(
              new AmqpAcks.Sender() {
                @Override
                public void ack(long tag, boolean multiple) throws IOException {
                  ch.basicAck(tag, multiple);
                }

                @Override
                public void reject(long tag, boolean requeue) throws IOException {
                  ch.basicReject(tag, requeue);
                }
              },
              (tag, e) ->
                  LOG.debug("{}: settling delivery {} failed; the broker redelivers it", this,
                      tag, e),
              transport::afterAckLinger);
      acks.setBatch(AmqpAcks.batchFor(prefetchCount));
      acksChannel = ch;
      acksGeneration = generation;
    }
    return acks;
  }

  /**
   * Acks or rejects a delivery of channel generation {@code gen}. Nothing is sent for a delivery
   * of a closed channel: its tag means nothing on the new one, and the broker redelivers it.
   */
  private void settle(long tag, long gen, AmqpAcks settler, boolean ack, boolean requeue) {
    boolean drained;
    synchronized (lock) {
      if (gen != generation) {
        LOG.debug("{}: delivery {} belongs to a closed channel; the broker redelivers it", this,
            tag);
        return;
      }
      unsettled--;
      drained = cancelled && unsettled == 0;
    }
    if (ack) {
      settler.ack(tag);
    } else {
      settler.reject(tag, requeue);
    }
    if (drained) {
      closeIfDrained();
    }
  }

  private void closeIfDrained() {
    Channel ch;
    AmqpAcks settler;
    synchronized (lock) {
      if (closed || !cancelled || unsettled > 0) {
        return;
      }
      closed = true;
      ch = channel;
      settler = acks;
    }
    if (ch != null) {
      transport.background(
          () -> {
            awaitWritten(settler);
            AmqpConnection.closeQuietly(ch);
          });
    }
  }

  /** Lets the settlements another thread is writing reach the wire before the channel closes. */
  private void awaitWritten(AmqpAcks settler) {
    if (settler == null) {
      return;
    }
    try {
      if (!settler.awaitWritten(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{}: acks still being written after {} s; closing the channel anyway", this,
            CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onChannelShutdown(Channel ch, ShutdownSignalException cause) {
    boolean reopen;
    synchronized (lock) {
      generation++;
      unsettled = 0;
      reopen =
          !closed && channel == ch && !cause.isHardError() && !cause.isInitiatedByApplication();
    }
    if (reopen) {
      // A channel error: the client recovers channels only with their connection.
      LOG.warn("{}: the broker closed the channel: {}; opening a new one", this,
          AmqpErrors.reason(cause));
      transport.background(() -> reopen(ch));
    }
  }

  // No RPC runs under the lock: the client calls shutdown listeners (which take it) on its
  // connection thread before it completes the RPC that failed.
  private void onChannelRecovered(Channel ch) {
    synchronized (lock) {
      if (closed || cancelled || channel != ch) {
        return;
      }
    }
    try {
      // The client recovered the last limit of each kind it sent, maybe one this consumer lifted.
      applyQos(ch, true);
      subscription.subscribe(ch);
      LOG.info("{}: consuming again", this);
    } catch (IOException | RuntimeException e) {
      LOG.error("{}: cannot subscribe again after reconnecting: {}", this, AmqpErrors.reason(e));
    }
  }

  private void reopen(Channel old) {
    AmqpConnection.closeQuietly(old); // so connection recovery does not revive it
    synchronized (lock) {
      if (closed || cancelled || channel != old) {
        return;
      }
    }
    Channel ch;
    try {
      ch = open();
    } catch (TransportException e) {
      LOG.warn("{}: {}; trying again", this, e.getMessage());
      transport.backgroundLater(() -> reopen(old));
      return;
    }
    boolean wanted;
    synchronized (lock) {
      wanted = !closed && !cancelled && channel == old;
      if (wanted) {
        channel = ch;
      }
    }
    if (wanted) {
      LOG.info("{}: consuming again", this);
    } else {
      AmqpConnection.closeQuietly(ch);
    }
  }

  /**
   * Sets the prefetch count on {@code ch} as the per-consumer or the channel-wide limit.
   *
   * @param lift with the channel-wide limit, also lift a per-consumer limit set before, which
   *     would hold back the consumers subscribed after it
   */
  private void applyQos(Channel ch, boolean lift) throws IOException {
    int count;
    boolean global;
    synchronized (lock) {
      count = prefetchCount;
      global = channelQos;
    }
    if (global && lift) {
      ch.basicQos(0, false);
    }
    ch.basicQos(count, global);
  }

  private static int requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("prefetch count must be >= 0, got " + count);
    }
    return count;
  }

  /** The single-shot handle of one delivery. */
  private final class Settlement extends AbstractSettlement {
    private final long tag;
    private final long gen;
    private final AmqpAcks settler;

    Settlement(long tag, long gen, AmqpAcks settler) {
      this.tag = tag;
      this.gen = gen;
      this.settler = settler;
    }

    @Override
    protected void onAck() {
      settle(tag, gen, settler, true, false);
    }

    @Override
    protected void onReject(boolean requeue) {
      settle(tag, gen, settler, false, requeue);
    }
  }
}
