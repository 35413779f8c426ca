package io.jcelery.transport.memory;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.virtual.AbstractVirtualTransport;
import io.jcelery.transport.virtual.TransportOptionMap;
import java.util.Set;
import java.util.concurrent.BlockingDeque;

/**
 * In-memory transport ({@code kombu/transport/memory.py}).
 *
 * <h2>Features</h2>
 *
 * <ul>
 *   <li>Type: virtual. Direct, topic and fanout exchanges (bindings kept in this JVM). No
 *       priorities, no TTL.
 *   <li>Consumers wake as soon as a message is put; prefetch is emulated.
 *   <li>Unlike kombu ({@code do_restore = False}), deliveries not settled when the transport closes
 *       are put back, flagged redelivered, so tests can check redelivery.
 * </ul>
 *
 * <h2>URL</h2>
 *
 * {@code memory://[name]}: transports opened with the same URL share queues.
 *
 * <h2>Transport options</h2>
 *
 * {@code polling_interval} (seconds, default 1): the longest wait between two looks at the queues;
 * messages put in this JVM wake consumers at once.
 */
final class MemoryTransport extends AbstractVirtualTransport {

  private final MemoryBroker broker;
  private final Runnable listener = this::signalMessages;

  MemoryTransport(BrokerUrl url, TransportOptionMap options) {
    this(url, MemoryBroker.forUrl(url), options);
  }

  private MemoryTransport(BrokerUrl url, MemoryBroker broker, TransportOptionMap options) {
    super(url.toString(), broker.exchanges(),
        options.seconds("polling_interval", DEFAULT_POLLING_INTERVAL));
    options.warnUnknown(Set.of("polling_interval"), "memory");
    this.broker = broker;
    broker.addListener(listener);
  }

  @Override
  protected void put(String queue, String envelope) {
    broker.put(queue, envelope);
  }

  @Override
  protected String get(String queue) {
    return broker.queue(queue).pollFirst();
  }

  @Override
  protected long purgeQueue(String queue) {
    BlockingDeque<String> q = broker.queue(queue);
    long count = 0;
    while (q.pollFirst() != null) {
      count++;
    }
    return count;
  }

  @Override
  protected long queueSize(String queue) {
    return broker.queue(queue).size();
  }

  @Override
  protected void newQueue(String queue) {
    broker.queue(queue);
  }

  @Override
  protected void closeStore() {
    broker.removeListener(listener);
  }
}
