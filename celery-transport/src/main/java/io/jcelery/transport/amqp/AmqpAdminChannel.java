package io.jcelery.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel of the publishing connection for synchronous operations: declarations, queue sizes,
 * purges. One at a time. A lost connection is waited out up to the publish timeout; a channel
 * error (the broker refusing the operation) throws, and the next call gets a new channel.
 * Declarations are remembered and made again after the connection came back, as kombu declares
 * again on a new connection, since the broker may have lost non-durable entities. Thread-safe.
 */
final class AmqpAdminChannel {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpAdminChannel.class);

  /** One synchronous operation. */
  interface Call<T> {
    T call(Channel channel) throws IOException;
  }

  private final AmqpConnection connection;
  private final long timeoutNanos;
  private final Object owner;
  private final ReentrantLock lock = new ReentrantLock();
  private Channel channel; // guarded by lock
  private final Map<String, Call<?>> declared = new LinkedHashMap<>(); // guarded by itself
  private volatile boolean closed;

  /**
   * @param owner named in messages
   */
  AmqpAdminChannel(AmqpConnection connection, Duration timeout, Object owner) {
    this.connection = connection;
    this.timeoutNanos = timeout.toNanos();
    this.owner = owner;
    connection.onRecovery(this::declareAgain);
  }

  /**
   * Runs a declaration and remembers it under {@code key} (a later one with the same key replaces
   * it).
   *
   * @throws TransportException as {@link #call}
   */
  void declare(String key, Call<?> declaration) {
    call(key, declaration);
    synchronized (declared) {
      declared.remove(key);
      declared.put(key, declaration);
    }
  }

  /**
   * Runs an operation.
   *
   * @param what for the error message, e.g. {@code declare queue 'celery'}
   * @throws TransportException with the broker's reason when it refuses, or when the connection
   *     is not back within the publish timeout
   */
  <T> T call(String what, Call<T> call) {
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      if (!lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new TransportException(owner + ": cannot " + what + ": timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(owner + ": interrupted", e);
    }
    try {
      while (true) {
        connection.awaitUsable(deadline);
        if (channel != null && !channel.isOpen()) {
          AmqpConnection.closeQuietly(channel); // closed by a channel error
          channel = null;
        }
        if (channel == null) {
          channel = connection.createChannel();
        }
        try {
          return call.call(channel);
        } catch (IOException | ShutdownSignalException e) {
          if (!AmqpErrors.isConnectionLoss(e) || System.nanoTime() - deadline >= 0) {
            throw new TransportException(
                owner + ": cannot " + what + ": " + AmqpErrors.reason(e), e);
          }
          LOG.debug("{}: {} interrupted by a lost connection; trying again", owner, what, e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    closed = true;
    lock.lock();
    try {
      if (channel != null) {
        AmqpConnection.closeQuietly(channel);
        channel = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private void declareAgain() {
    List<Map.Entry<String, Call<?>>> again;
    synchronized (declared) {
      again = new ArrayList<>(declared.entrySet());
    }
    for (Map.Entry<String, Call<?>> declaration : again) {
      if (closed) {
        return;
      }
      try {
        call(declaration.getKey(), declaration.getValue());
      } catch (TransportException e) {
        LOG.warn("{}: declaring again after reconnecting failed: {}", owner, e.getMessage());
      }
    }
  }
}
