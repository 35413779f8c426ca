package io.jcelery.transport.virtual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prefetch emulation for brokers without it, as kombu's virtual {@code QoS} does ({@code
 * kombu/transport/virtual/base.py}): the deliveries handed out and not yet settled, and whether
 * the prefetch count allows another ({@code can_consume}, {@code can_consume_max_estimate}).
 *
 * <p>Each delivery gets a local id, so two deliveries that carry the same kombu delivery tag (one
 * message routed to two queues) are still counted apart. Thread-safe: the consumer thread appends,
 * any thread settles.
 *
 * @param <T> what is kept per unsettled delivery (what is needed to restore it)
 * @since 0.1
 */
public final class QoS<T> {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Long, T> delivered = new LinkedHashMap<>();
  private long nextId;
  private int prefetchCount;

  /** Starts with the given prefetch count; 0 means no limit. */
  public QoS(int prefetchCount) {
    this.prefetchCount = requireCount(prefetchCount);
  }

  /** The prefetch count; 0 means no limit. */
  public int prefetchCount() {
    lock.lock();
    try {
      return prefetchCount;
    } finally {
      lock.unlock();
    }
  }

  /** Changes the prefetch count (kombu {@code basic_qos}); 0 means no limit. */
  public void setPrefetchCount(int prefetchCount) {
    lock.lock();
    try {
      this.prefetchCount = requireCount(prefetchCount);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether another delivery may be handed out now (kombu {@code can_consume}). */
  public boolean canConsume() {
    return capacity(1) > 0;
  }

  /**
   * How many more deliveries may be handed out now, at most {@code max} (kombu {@code
   * can_consume_max_estimate}); {@code max} when there is no limit.
   */
  public int capacity(int max) {
    lock.lock();
    try {
      return prefetchCount == 0
          ? max
          : Math.max(0, Math.min(max, prefetchCount - delivered.size()));
    } finally {
      lock.unlock();
    }
  }

  /** Records a delivery handed out (kombu {@code QoS.append}); returns its local id. */
  public long append(T delivery) {
    lock.lock();
    try {
      long id = ++nextId;
      delivered.put(id, delivery);
      return id;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets a settled delivery and wakes a consumer waiting for capacity.
   *
   * @return what was kept for it, or null when it was already removed (settled or restored)
   */
  public T remove(long id) {
    lock.lock();
    try {
      T removed = delivered.remove(id);
      if (removed != null) {
        changed.signalAll();
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Number of deliveries not settled yet. */
  public int unsettled() {
    lock.lock();
    try {
      return delivered.size();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns every unsettled delivery, oldest first (for {@code restore_unacked}). */
  public List<T> drain() {
    lock.lock();
    try {
      List<T> all = new ArrayList<>(delivered.values());
      delivered.clear();
      changed.signalAll();
      return all;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until another delivery may be handed out, {@link #wakeUp()} is called or the time runs
   * out.
   *
   * @return whether a delivery may be handed out now
   */
  public boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      if (prefetchCount != 0 && delivered.size() >= prefetchCount && nanos > 0) {
        changed.awaitNanos(nanos);
      }
      return prefetchCount == 0 || delivered.size() < prefetchCount;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every thread in {@link #awaitCapacity}. */
  public void wakeUp() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static int requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("prefetch count must be >= 0, got " + count);
    }
    return count;
  }
}
