package io.jcelery.transport.virtual;

import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.DeliveryHandler;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Celery semantics of kombu's virtual {@code Channel} ({@code kombu/transport/virtual/base.py})
 * over a store that implements a handful of primitives, as kombu's {@code AbstractChannel} asks:
 * {@link #put}, {@link #get}, {@link #purgeQueue}, {@link #queueSize} and optionally {@link
 * #newQueue}. This base adds exchanges and routing ({@link ExchangeTable}), the kombu envelope,
 * consumers that poll the queues round robin on their own thread with prefetch emulation ({@link
 * QoS}), and the restore of unsettled deliveries on close.
 *
 * <p>A store that can tell when messages arrive calls {@link #signalMessages()} so waiting
 * consumers wake at once; otherwise they poll every {@code polling_interval}.
 *
 * <p>Thread-safe, as long as the primitives are.
 *
 * @since 0.1
 */
public abstract class AbstractVirtualTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(AbstractVirtualTransport.class);

  /** kombu virtual {@code Transport.polling_interval}: 1 second between unsuccessful polls. */
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(1);

  private final String description;
  private final ExchangeTable exchanges;
  private final Duration pollingInterval;
  private final List<VirtualConsumer> consumers = new CopyOnWriteArrayList<>();
  private final Set<String> warnedUnroutable = ConcurrentHashMap.newKeySet();
  private final ReentrantLock signalLock = new ReentrantLock();
  private final Condition signal = signalLock.newCondition();
  private long generation;
  private volatile boolean closed;

  /**
   * @param description how the transport appears in logs and thread names (a masked URL)
   * @param exchanges the exchange state, shared by every transport that shares the store
   * @param pollingInterval longest wait between two looks at the queues when no signal comes
   */
  protected AbstractVirtualTransport(
      String description, ExchangeTable exchanges, Duration pollingInterval) {
    this.description = Objects.requireNonNull(description, "description");
    this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
    this.pollingInterval =
        pollingInterval == null || pollingInterval.isZero() || pollingInterval.isNegative()
            ? Duration.ofMillis(10)
            : pollingInterval;
  }

  /** Appends an envelope to a queue (kombu {@code _put}). */
  protected abstract void put(String queue, String envelope);

  /** Takes the oldest envelope of a queue; null when it is empty (kombu {@code _get}). */
  protected abstract String get(String queue);

  /** Removes every waiting message; returns how many (kombu {@code _purge}). */
  protected abstract long purgeQueue(String queue);

  /** Number of waiting messages (kombu {@code _size}). */
  protected abstract long queueSize(String queue);

  /** Called when a queue is declared (kombu {@code _new_queue}); does nothing by default. */
  protected void newQueue(String queue) {}

  /** Releases the store after consumers stopped and deliveries were restored. */
  protected void closeStore() {}

  /** Wakes consumers waiting for messages; call it after a message arrived. */
  protected final void signalMessages() {
    signalLock.lock();
    try {
      generation++;
      signal.signalAll();
    } finally {
      signalLock.unlock();
    }
  }

  /** The exchange state used for routing. */
  protected final ExchangeTable exchanges() {
    return exchanges;
  }

  /** How this transport appears in logs. */
  protected final String description() {
    return description;
  }

  @Override
  public void declareQueue(QueueSpec queue) {
    ensureOpen();
    exchanges.bind(queue);
    newQueue(queue.name());
  }

  @Override
  public void declareExchange(String exchange, String type) {
    ensureOpen();
    exchanges.declareExchange(exchange, ExchangeType.of(type));
  }

  @Override
  public void publish(String exchange, String routingKey, TaskMessage message) {
    ensureOpen();
    String ex = exchange == null ? "" : exchange;
    String envelope =
        KombuEnvelope.encode(ex, routingKey, message, KombuEnvelope.newDeliveryTag());
    Set<String> queues = exchanges.lookup(ex, routingKey);
    if (queues.isEmpty()) {
      // kombu drops such a message silently (virtual Channel._lookup without a deadletter_queue).
      if (warnedUnroutable.add(ex + "\u0000" + routingKey)) {
        LOG.warn("{}: no queue bound to exchange '{}' with routing key '{}'; message dropped",
            description, ex, routingKey);
      }
      return;
    }
    for (String queue : queues) {
      put(queue, envelope);
    }
  }

  @Override
  public Consumer consume(List<QueueSpec> queues, int prefetchCount, DeliveryHandler handler) {
    ensureOpen();
    Objects.requireNonNull(handler, "handler");
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("consume needs at least one queue");
    }
    List<String> names = new ArrayList<>();
    for (QueueSpec queue : queues) {
      declareQueue(queue);
      if (!names.contains(queue.name())) {
        names.add(queue.name());
      }
    }
    VirtualConsumer consumer = new VirtualConsumer(this, names, prefetchCount, handler);
    consumers.add(consumer);
    consumer.start();
    return consumer;
  }

  @Override
  public long size(String queue) {
    ensureOpen();
    return queueSize(queue);
  }

  @Override
  public long purge(String queue) {
    ensureOpen();
    return purgeQueue(queue);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (VirtualConsumer consumer : consumers) {
      consumer.close();
    }
    int restored = 0;
    for (VirtualConsumer consumer : consumers) {
      for (VirtualConsumer.Unsettled unsettled : consumer.qos().drain()) {
        try {
          restore(unsettled);
          restored++;
        } catch (RuntimeException e) {
          LOG.error("{}: could not restore an unacknowledged message: {}", description,
              unsettled.envelope(), e);
        }
      }
    }
    if (restored > 0) {
      LOG.info("{}: restored {} unacknowledged message(s)", description, restored);
    }
    consumers.clear();
    signalMessages();
    closeStore();
  }

  /** Whether {@link #close()} was called. */
  protected final boolean isClosed() {
    return closed;
  }

  /**
   * Puts a delivery back where it was published to, flagged redelivered (kombu virtual {@code
   * _restore}; the flags are set as the Redis transport sets them so every consumer sees them).
   */
  final void restore(VirtualConsumer.Unsettled unsettled) {
    String envelope = KombuEnvelope.markRedelivered(unsettled.envelope());
    for (String queue : exchanges.lookup(unsettled.exchange(), unsettled.routingKey())) {
      put(queue, envelope);
    }
  }

  final Duration pollingInterval() {
    return pollingInterval;
  }

  final long generation() {
    signalLock.lock();
    try {
      return generation;
    } finally {
      signalLock.unlock();
    }
  }

  /** Waits until {@link #signalMessages()} was called after {@code seen} was read, or a timeout. */
  final void awaitMessages(long seen, long timeoutNanos) throws InterruptedException {
    signalLock.lock();
    try {
      long nanos = timeoutNanos;
      while (generation == seen && !closed && nanos > 0) {
        nanos = signal.awaitNanos(nanos);
      }
    } finally {
      signalLock.unlock();
    }
  }

  final long pollingNanos() {
    return TimeUnit.NANOSECONDS.convert(pollingInterval);
  }

  private void ensureOpen() {
    if (closed) {
      throw new TransportException(description + " is closed");
    }
  }
}
