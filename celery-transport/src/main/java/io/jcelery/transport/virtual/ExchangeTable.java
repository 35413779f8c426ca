package io.jcelery.transport.virtual;

import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Exchanges and their routing tables kept in this process, as kombu's {@code BrokerState} keeps
 * them for the memory and filesystem transports ({@code kombu/transport/virtual/base.py}). The
 * Redis transport keeps only the exchange types here and reads the tables from Redis.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class ExchangeTable {

  private record Exchange(ExchangeType type, List<Binding> table) {}

  private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();

  /**
   * Declares an exchange (kombu {@code exchange_declare}). Declaring it again with the same type
   * changes nothing.
   *
   * @throws TransportException when it exists with another type (kombu {@code NotEquivalentError})
   */
  public void declareExchange(String name, ExchangeType type) {
    Exchange existing =
        exchanges.computeIfAbsent(name, n -> new Exchange(type, new CopyOnWriteArrayList<>()));
    if (existing.type() != type) {
      throw new TransportException(
          "Cannot redeclare exchange '" + name + "' as " + type.kombuName() + ": it is "
              + existing.type().kombuName());
    }
  }

  /**
   * Declares the queue's exchange and binds the queue to it (kombu {@code Queue.declare}: no
   * binding when the exchange name is empty).
   *
   * @return the new binding row, or null when the queue has no exchange or was bound already
   */
  public Binding bind(QueueSpec queue) {
    if (queue.exchange() == null || queue.exchange().isEmpty()) {
      return null;
    }
    ExchangeType type = ExchangeType.of(queue.exchangeType());
    declareExchange(queue.exchange(), type);
    Exchange exchange = exchanges.get(queue.exchange());
    Binding binding = type.prepareBind(queue.name(), queue.routingKey());
    synchronized (exchange) {
      if (exchange.table().contains(binding)) {
        return null;
      }
      exchange.table().add(binding);
    }
    return binding;
  }

  /** The declared type of an exchange, or null when it was never declared here. */
  public ExchangeType typeOf(String exchange) {
    Exchange e = exchanges.get(exchange);
    return e == null ? null : e.type();
  }

  /**
   * The queues a message published to {@code exchange} with {@code routingKey} goes to (kombu
   * {@code Channel._lookup}): the routing key itself for the anonymous exchange {@code ""}, the
   * matching bound queues otherwise, nothing for an exchange never declared.
   */
  public Set<String> lookup(String exchange, String routingKey) {
    if (exchange == null || exchange.isEmpty()) {
      return routingKey == null || routingKey.isEmpty() ? Set.of() : Set.of(routingKey);
    }
    Exchange e = exchanges.get(exchange);
    return e == null ? Set.of() : e.type().lookup(e.table(), routingKey);
  }
}
