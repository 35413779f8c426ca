package io.jcelery.transport.memory;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.virtual.ExchangeTable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The queues and exchanges of one {@code memory://} URL, shared by every transport opened with it
 * in this JVM (kombu's memory {@code Channel.queues} and {@code Transport.global_state} are
 * class-level too). Lives as long as the JVM. Thread-safe.
 */
final class MemoryBroker {

  private static final Map<String, MemoryBroker> BROKERS = new ConcurrentHashMap<>();

  private final ExchangeTable exchanges = new ExchangeTable();
  private final Map<String, BlockingDeque<String>> queues = new ConcurrentHashMap<>();
  private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();

  /** The broker for a URL: {@code memory://} and {@code memory://name/} name different brokers. */
  static MemoryBroker forUrl(BrokerUrl url) {
    String key = url.hostOr("") + "/" + (url.path() == null ? "" : url.path());
    return BROKERS.computeIfAbsent(key, k -> new MemoryBroker());
  }

  ExchangeTable exchanges() {
    return exchanges;
  }

  BlockingDeque<String> queue(String name) {
    return queues.computeIfAbsent(name, n -> new LinkedBlockingDeque<>());
  }

  void put(String queue, String envelope) {
    queue(queue).addLast(envelope);
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }
}
