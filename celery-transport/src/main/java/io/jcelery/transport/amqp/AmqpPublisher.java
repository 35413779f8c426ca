package io.jcelery.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on one channel in confirm mode and returns once the broker has confirmed the message.
 * Confirms are tracked asynchronously, so concurrent publishers share the channel and wait only
 * for their own confirm; the channel lock is held only to take a sequence number and write the
 * message. A lost connection is waited out (automatic recovery) and the message sent again, up to
 * the publish timeout; a message the broker refused on the channel level (an exchange that does
 * not exist) fails at once. Thread-safe.
 *
 * <p>kombu does not wait for confirms by default ({@code confirm_publish}); this transport always
 * does, so that "published" means the broker has it.
 */
final class AmqpPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpPublisher.class);

  private final AmqpConnection connection;
  private final long timeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private Channel channel; // guarded by lock
  private volatile Window window = new Window();

  AmqpPublisher(AmqpConnection connection, AmqpTransportOptions options) {
    this.connection = connection;
    this.timeoutNanos = options.publishTimeout().toNanos();
  }

  /**
   * Publishes and waits for the broker's confirm.
   *
   * @throws TransportException when the broker refuses the message, or the connection is not
   *     back and the message not confirmed within the publish timeout
   */
  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      CompletableFuture<Void> confirm;
      try {
        confirm = send(exchange, routingKey, properties, body, deadline);
      } catch (IOException | ShutdownSignalException e) {
        // Not sent: the channel was closed before (by a lost connection, or by the broker for
        // another publish). The next round waits for the connection or opens a new channel.
        if (System.nanoTime() - deadline >= 0) {
          throw new TransportException(
              connection + ": cannot publish to exchange '" + exchange + "' with routing key '"
                  + routingKey + "': " + AmqpErrors.reason(e), e);
        }
        LOG.debug("{}: channel closed before publishing; trying again", connection, e);
        continue;
      }
      try {
        confirm.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return;
      } catch (ExecutionException e) {
        retryOrThrow(e.getCause(), deadline, exchange, routingKey);
      } catch (TimeoutException e) {
        throw new TransportException(
            connection + ": publishing to exchange '" + exchange + "' with routing key '"
                + routingKey + "' was not confirmed within " + timeoutNanos / 1_000_000 + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException(connection + ": interrupted while publishing", e);
      }
    }
  }

  /** Closes the channel; unconfirmed publishes fail. */
  void close() {
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

  private CompletableFuture<Void> send(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
      long deadline) throws IOException {
    lockUntil(deadline);
    try {
      Channel ch = usableChannel(deadline);
      Window w = window;
      CompletableFuture<Void> confirm = w.register(ch.getNextPublishSeqNo());
      ch.basicPublish(exchange, routingKey, false, properties, body);
      return confirm;
    } finally {
      lock.unlock();
    }
  }

  /** The confirm-mode channel, after the connection is back; a new one after a channel error. */
  private Channel usableChannel(long deadline) throws IOException {
    connection.awaitUsable(deadline);
    if (channel != null && !channel.isOpen()) {
      // Closed by a channel error (a closed connection would have been waited out above).
      AmqpConnection.closeQuietly(channel);
      channel = null;
    }
    if (channel == null) {
      Channel ch = connection.createChannel();
      ch.confirmSelect();
      ch.addConfirmListener(
          new ConfirmListener() {
            @Override
            public void handleAck(long deliveryTag, boolean multiple) {
              window.settle(deliveryTag, multiple, null);
            }

            @Override
            public void handleNack(long deliveryTag, boolean multiple) {
              window.settle(deliveryTag, multiple,
                  new TransportException(connection + ": the broker refused the message (nack)"));
            }
          });
      // Sequence numbers start again on a new or recovered channel: unconfirmed publishes of
      // the old one fail (and are retried when the connection was lost).
      ch.addShutdownListener(
          cause -> {
            Window old = window;
            window = new Window();
            old.fail(cause);
          });
      channel = ch;
    }
    return channel;
  }

  private void retryOrThrow(Throwable error, long deadline, String exchange, String routingKey) {
    if (error instanceof TransportException e) {
      throw e;
    }
    if (AmqpErrors.isConnectionLoss(error) && System.nanoTime() - deadline < 0) {
      LOG.debug("{}: publish interrupted by a lost connection; sending again", connection, error);
      return;
    }
    throw new TransportException(
        connection + ": cannot publish to exchange '" + exchange + "' with routing key '"
            + routingKey + "': " + AmqpErrors.reason(error),
        error);
  }

  private void lockUntil(long deadline) {
    try {
      if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TransportException(connection + ": publishing timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(connection + ": interrupted while publishing", e);
    }
  }

  /** Unconfirmed publishes of one channel incarnation, by sequence number. */
  private static final class Window {
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending =
        new ConcurrentSkipListMap<>();
    private Throwable failure; // guarded by this

    synchronized CompletableFuture<Void> register(long sequence) {
      CompletableFuture<Void> confirm = new CompletableFuture<>();
      if (failure != null) {
        confirm.completeExceptionally(failure);
      } else {
        pending.put(sequence, confirm);
      }
      return confirm;
    }

    void settle(long sequence, boolean multiple, Throwable nack) {
      Map<Long, CompletableFuture<Void>> done =
          multiple
              ? pending.headMap(sequence, true)
              : pending.subMap(sequence, true, sequence, true);
      for (CompletableFuture<Void> confirm : done.values()) {
        if (nack == null) {
          confirm.complete(null);
        } else {
          confirm.completeExceptionally(nack);
        }
      }
      done.clear();
    }

    synchronized void fail(Throwable cause) {
      failure = cause;
      for (CompletableFuture<Void> confirm : pending.values()) {
        confirm.completeExceptionally(cause);
      }
      pending.clear();
    }
  }
}
