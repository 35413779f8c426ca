package io.jcelery.results.rpc;

import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.results.ResultBackendContext;
import io.jcelery.results.ResultBackendException;
import io.jcelery.transport.Consumer;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the rpc backend (celery {@code celery/backends/rpc.py} {@code ResultConsumer}
 * with {@code celery/backends/asynchronous.py} {@code BaseResultConsumer}): consumes the app's
 * reply queue once started, keeps the latest state of each task by correlation id, and wakes
 * waiters. Replies are acked on arrival (Celery consumes them with {@code no_ack=True}).
 *
 * <p>Thread-safe: deliveries arrive on the transport's thread; readers wait on a condition.
 */
final class RpcResultConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RpcResultConsumer.class);

  /**
   * How many tasks' states are kept: celery {@code celery/backends/base.py} {@code
   * MESSAGE_BUFFER_MAX}, the bound of its buffer of replies nobody waits for yet. The oldest
   * entry goes first.
   */
  static final int MESSAGE_BUFFER_MAX = 8192;

  private final ResultBackendContext app;
  private final QueueSpec queue;
  private final TaskMessageCodec codec;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Latest state by task id, oldest first. Guarded by {@link #lock}. */
  private final Map<String, ResultMeta> latest =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ResultMeta> eldest) {
          return size() > MESSAGE_BUFFER_MAX;
        }
      };

  private Consumer consumer;
  private boolean closed;
  private boolean warnedBadReply;

  RpcResultConsumer(ResultBackendContext app, QueueSpec queue, TaskMessageCodec codec) {
    this.app = app;
    this.queue = queue;
    this.codec = codec;
  }

  /**
   * Declares the reply queue and starts consuming it, once (Celery's {@code on_task_call} declares,
   * {@code consume_from} starts). Later calls do nothing.
   *
   * @throws io.jcelery.transport.TransportException when the broker cannot be reached
   */
  void start() {
    if (consuming()) {
      return;
    }
    // Taken outside our lock: the app opens its connection under its own lock, and closing the app
    // takes that lock before closing us.
    Transport transport = app.transport();
    lock.lock();
    try {
      if (consuming()) {
        return;
      }
      transport.declareQueue(queue);
      consumer = transport.consume(List.of(queue), 0, this::onDelivery);
      LOG.debug("Consuming rpc replies from {}", queue.name());
    } finally {
      lock.unlock();
    }
  }

  /** Whether the consumer runs; throws once closed. */
  private boolean consuming() {
    lock.lock();
    try {
      if (closed) {
        throw new ResultBackendException("The rpc result backend is closed");
      }
      return consumer != null;
    } finally {
      lock.unlock();
    }
  }

  /** The latest state received for a task, or empty while none arrived (PENDING). */
  Optional<ResultMeta> latest(String taskId) {
    start();
    lock.lock();
    try {
      return Optional.ofNullable(latest.get(taskId));
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a ready state of the task arrives; empty when the timeout passes first. */
  Optional<ResultMeta> awaitReady(String taskId, Duration timeout) {
    start();
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        ResultMeta meta = latest.get(taskId);
        if (meta != null && isReady(meta)) {
          return Optional.of(meta);
        }
        if (remaining <= 0 || closed) {
          return Optional.empty();
        }
        remaining = changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultBackendException("Interrupted while waiting for the result of " + taskId, e);
    } finally {
      lock.unlock();
    }
  }

  /** Drops the state kept for a task. */
  void forget(String taskId) {
    lock.lock();
    try {
      latest.remove(taskId);
    } finally {
      lock.unlock();
    }
  }

  private void onDelivery(Delivery delivery) {
    try {
      ResultMeta meta = RpcResultMessage.decode(delivery.message(), codec);
      String taskId = RpcResultMessage.taskId(delivery.message(), meta);
      if (taskId == null) {
        throw new ResultBackendException("the reply has neither correlation_id nor task_id");
      }
      keep(taskId, meta);
    } catch (RuntimeException e) {
      // A reply that cannot be read is dropped: nobody else would read it from this queue.
      if (!warnedBadReply) {
        warnedBadReply = true;
        LOG.warn("Dropping an unreadable rpc reply on {}: {}", queue.name(), e.toString());
      } else {
        LOG.debug("Dropping an unreadable rpc reply on {}: {}", queue.name(), e.toString());
      }
    } finally {
      delivery.settlement().ack();
    }
  }

  private void keep(String taskId, ResultMeta meta) {
    lock.lock();
    try {
      ResultMeta current = latest.get(taskId);
      // A redelivered task may send STARTED again after its final state; the final state stays.
      if (current != null && isReady(current) && !isReady(meta)) {
        return;
      }
      latest.remove(taskId);
      latest.put(taskId, meta);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops consuming; waiters return empty. The broker connection stays open: the app owns it. */
  @Override
  public void close() {
    Consumer running;
    lock.lock();
    try {
      closed = true;
      running = consumer;
      consumer = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (running != null) {
      try {
        running.close();
      } catch (RuntimeException e) {
        LOG.debug("Stopping the rpc reply consumer failed: {}", e.toString());
      }
    }
  }

  private static boolean isReady(ResultMeta meta) {
    TaskState state = meta.state();
    return state != null && state.isReady();
  }
}
