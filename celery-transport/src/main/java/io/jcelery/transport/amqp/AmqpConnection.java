package io.jcelery.transport.amqp;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovering AMQP connection of the transport (publishing or consuming): logs losses and
 * recoveries as Celery does, tracks {@code connection.blocked}, runs hooks after each recovery,
 * and lets callers wait a bounded time for it to be usable again. Thread-safe.
 */
final class AmqpConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

  private final AmqpConnectionFactory factory;
  private final String description;
  private final Connection connection;
  private final List<Runnable> recoveryHooks = new CopyOnWriteArrayList<>();
  private volatile String blockedReason;
  private volatile boolean closed;

  /**
   * Connects at once.
   *
   * @param role {@code publish} or {@code consume}; part of the connection name
   * @throws TransportException naming the masked URL when the broker cannot be reached
   */
  AmqpConnection(AmqpConnectionFactory factory, AmqpUrls urls, String namePrefix, String role) {
    this.factory = factory;
    this.description = urls + " (" + role + ")";
    this.connection = factory.open(namePrefix + " " + role);
    connection.addShutdownListener(this::onShutdown);
    connection.addBlockedListener(
        new BlockedListener() {
          @Override
          public void handleBlocked(String reason) {
            blockedReason = reason;
            LOG.warn("{}: the broker blocks publishing: {}", description, reason);
          }

          @Override
          public void handleUnblocked() {
            blockedReason = null;
            LOG.info("{}: the broker accepts publishing again", description);
          }
        });
    ((Recoverable) connection)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recoverable) {
                factory.recovered();
                blockedReason = null;
                LOG.info("Connected to {} again", description);
                for (Runnable hook : recoveryHooks) {
                  try {
                    hook.run();
                  } catch (RuntimeException e) {
                    LOG.warn("{}: restoring state after reconnecting failed", description, e);
                  }
                }
              }

              @Override
              public void handleRecoveryStarted(Recoverable recoverable) {}
            });
    LOG.info("Connected to {}", description);
  }

  /** Runs {@code hook} on the recovery thread each time the connection has come back. */
  void onRecovery(Runnable hook) {
    recoveryHooks.add(hook);
  }

  /** Whether the connection is up (false while it recovers). */
  boolean isOpen() {
    return connection.isOpen();
  }

  /**
   * A new channel.
   *
   * @throws TransportException when the connection is down or out of channels
   */
  Channel createChannel() {
    try {
      Channel channel = connection.createChannel();
      if (channel == null) {
        throw new TransportException(description + ": no channel left (channel_max reached)");
      }
      return channel;
    } catch (IOException | ShutdownSignalException e) {
      throw new TransportException(description + ": cannot open a channel: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the connection is up and not blocked by the broker.
   *
   * @param deadline {@link System#nanoTime()} to give up at
   * @throws TransportException when the deadline passes or the connection is closed
   */
  void awaitUsable(long deadline) {
    while (!closed && (!connection.isOpen() || blockedReason != null)) {
      if (System.nanoTime() - deadline >= 0) {
        throw new TransportException(
            blockedReason != null
                ? description + ": the broker blocks publishing: " + blockedReason
                : description + ": connection lost and not re-established in time");
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new TransportException(description + ": interrupted");
      }
    }
    if (closed) {
      throw new TransportException(description + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      connection.close(CLOSE_TIMEOUT_MILLIS);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: close failed", description, e);
      connection.abort(CLOSE_TIMEOUT_MILLIS);
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * Closes a channel, ignoring that it may be closed already; a channel closed this way is not
   * recovered with its connection. Unacknowledged deliveries on it go back to their queues.
   */
  static void closeQuietly(Channel channel) {
    try {
      channel.close();
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.debug("Closing channel {} failed", channel, e);
      try {
        channel.abort();
      } catch (IOException | RuntimeException ignored) {
        // already closed: abort only unregisters it from recovery
      }
    }
  }

  private void onShutdown(ShutdownSignalException cause) {
    if (!closed && !cause.isInitiatedByApplication()) {
      LOG.warn(
          "Connection to broker lost ({}): {}. Trying to re-establish the connection...",
          description,
          AmqpErrors.reason(cause));
    }
  }
}
