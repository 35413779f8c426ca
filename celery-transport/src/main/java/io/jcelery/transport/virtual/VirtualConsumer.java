package io.jcelery.transport.virtual;

import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.DeliveryHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumption of a virtual transport: a thread that takes messages from its queues round
 * robin (kombu {@code FairCycle}: the queue just served goes to the back), within the prefetch
 * limit, and hands them to the handler one at a time.
 */
final class VirtualConsumer implements Consumer {

  private static final Logger LOG = LoggerFactory.getLogger(VirtualConsumer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final long JOIN_MILLIS = 10_000;

  /** What restoring an unsettled delivery needs. */
  record Unsettled(String envelope, String exchange, String routingKey) {}

  private final AbstractVirtualTransport transport;
  private final List<String> cycle;
  private final DeliveryHandler handler;
  private final QoS<Unsettled> qos;
  private final Thread thread;
  private volatile boolean stopped;

  VirtualConsumer(
      AbstractVirtualTransport transport,
      List<String> queues,
      int prefetchCount,
      DeliveryHandler handler) {
    this.transport = transport;
    this.cycle = new ArrayList<>(queues);
    this.handler = handler;
    this.qos = new QoS<>(prefetchCount);
    this.thread = new Thread(this::run, "jcelery-consumer-" + THREADS.incrementAndGet());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  QoS<Unsettled> qos() {
    return qos;
  }

  @Override
  public void setPrefetchCount(int prefetchCount) {
    qos.setPrefetchCount(prefetchCount);
  }

  @Override
  public int prefetchCount() {
    return qos.prefetchCount();
  }

  @Override
  public void close() {
    stopped = true;
    qos.wakeUp();
    transport.signalMessages();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(JOIN_MILLIS);
        if (thread.isAlive()) {
          LOG.warn("{}: consumer thread {} did not stop in {} ms; interrupting",
              transport.description(), thread.getName(), JOIN_MILLIS);
          thread.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    long poll = transport.pollingNanos();
    while (!stopped) {
      try {
        if (!qos.awaitCapacity(poll, TimeUnit.NANOSECONDS)) {
          continue;
        }
        long seen = transport.generation();
        if (!deliverNext() && !stopped) {
          transport.awaitMessages(seen, poll);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("{}: consuming from {} failed; retrying", transport.description(), cycle, e);
        try {
          transport.awaitMessages(transport.generation(), poll);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private boolean deliverNext() {
    for (int i = 0; i < cycle.size(); i++) {
      String queue = cycle.get(i);
      String envelope = transport.get(queue);
      if (envelope != null) {
        cycle.add(cycle.remove(i));
        deliver(queue, envelope);
        return true;
      }
    }
    return false;
  }

  private void deliver(String queue, String envelope) {
    KombuEnvelope.Decoded decoded;
    try {
      decoded = KombuEnvelope.decode(envelope, queue);
    } catch (RuntimeException e) {
      LOG.error("{}: discarding a message from queue '{}' that is not a kombu envelope: {}",
          transport.description(), queue, abbreviate(envelope), e);
      return;
    }
    long id =
        qos.append(
            new Unsettled(
                envelope, decoded.info().exchange(), decoded.info().routingKey()));
    Settlement settlement = new Settlement(id);
    try {
      handler.onDelivery(new Delivery(decoded.message(), decoded.info(), settlement));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.error("{}: delivery handler failed; requeueing the message", transport.description(), e);
      if (!settlement.isSettled()) {
        settlement.reject(true);
      }
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private final class Settlement extends AbstractSettlement {
    private final long id;

    Settlement(long id) {
      this.id = id;
    }

    @Override
    protected void onAck() {
      qos.remove(id);
    }

    @Override
    protected void onReject(boolean requeue) {
      Unsettled unsettled = qos.remove(id);
      if (requeue && unsettled != null) {
        transport.restore(unsettled);
      }
    }
  }
}
