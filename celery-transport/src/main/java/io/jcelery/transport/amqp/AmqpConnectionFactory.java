package io.jcelery.transport.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import io.jcelery.transport.TransportException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RabbitMQ client's connection factory set up as kombu connects: credentials, vhost,
 * timeouts and heartbeat from the URL and options, TLS for {@code amqps}, failover addresses tried
 * in the given order, py-amqp's header dialect ({@link PyAmqpFrameHandler}), and automatic
 * recovery of connections and channels. Topology recovery is off: the transport re-declares what
 * it declared and re-subscribes its consumers itself, on the channels that own them.
 */
final class AmqpConnectionFactory extends ConnectionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpConnectionFactory.class);
  /** RabbitMQ's default {@code max_message_size}. */
  private static final int MAX_MESSAGE_SIZE = 128 * 1024 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final AmqpUrls urls;

  AmqpConnectionFactory(AmqpUrls urls, AmqpTransportOptions options) {
    this.urls = urls;
    setUsername(urls.user());
    setPassword(urls.password());
    setVirtualHost(urls.virtualHost());
    setConnectionTimeout(millis(options.connectTimeout()));
    setHandshakeTimeout(Math.max(millis(options.connectTimeout()), 1));
    setRequestedHeartbeat((int) options.heartbeat().toSeconds());
    setAutomaticRecoveryEnabled(true);
    setTopologyRecoveryEnabled(false);
    setNetworkRecoveryInterval(options.recoveryInterval().toMillis());
    setMaxInboundMessageBodySize(MAX_MESSAGE_SIZE);
    setExceptionHandler(new QuietRecoveryExceptionHandler(urls));
    setThreadFactory(
        r -> {
          Thread t = new Thread(r, "jcelery-amqp-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    if (urls.tls()) {
      try {
        if (urls.verifyCertificates()) {
          useSslProtocol(SSLContext.getDefault());
          enableHostnameVerification();
        } else {
          LOG.warn("{}: ssl_cert_reqs=CERT_NONE: the broker's certificate is not checked", urls);
          useSslProtocol();
        }
      } catch (GeneralSecurityException e) {
        throw new TransportException(urls + ": cannot set up TLS: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Opens a recovering connection, trying the addresses in order.
   *
   * @throws TransportException naming the (masked) URL when no address can be reached
   */
  Connection open(String connectionName) {
    AddressResolver inOrder =
        new AddressResolver() {
          @Override
          public List<Address> getAddresses() {
            return urls.addresses();
          }

          @Override
          public List<Address> maybeShuffle(List<Address> input) {
            return input; // kombu's failover goes down the list in order
          }
        };
    try {
      return newConnection(null, inOrder, connectionName);
    } catch (IOException | TimeoutException e) {
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      if (e.getCause() != null && e.getCause().getMessage() != null) {
        reason = reason + " (" + e.getCause().getMessage() + ")";
      }
      throw new TransportException("Cannot connect to " + urls + ": " + reason, e);
    }
  }

  @Override
  protected synchronized FrameHandlerFactory createFrameHandlerFactory() throws IOException {
    return PyAmqpFrameHandler.wrap(super.createFrameHandlerFactory());
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** Logs failed reconnection attempts once at WARN, then at DEBUG, as Celery's retry lines. */
  private static final class QuietRecoveryExceptionHandler extends ForgivingExceptionHandler {
    private final AmqpUrls urls;
    private final AtomicInteger failures = new AtomicInteger();

    QuietRecoveryExceptionHandler(AmqpUrls urls) {
      this.urls = urls;
    }

    @Override
    public void handleConnectionRecoveryException(Connection conn, Throwable exception) {
      if (failures.getAndIncrement() == 0) {
        LOG.warn("Cannot reconnect to {}: {}. Trying again...", urls,
            AmqpErrors.reason(exception));
      } else {
        LOG.debug("Cannot reconnect to {}: {}", urls, AmqpErrors.reason(exception));
      }
    }

    /** A lost connection is logged once by {@link AmqpConnection}; the socket error is detail. */
    @Override
    public void handleUnexpectedConnectionDriverException(Connection conn, Throwable exception) {
      LOG.debug("{}: connection error", urls, exception);
    }

    void recovered() {
      failures.set(0);
    }
  }

  /** Resets the once-at-WARN reconnection log after a successful recovery. */
  void recovered() {
    if (getExceptionHandler() instanceof QuietRecoveryExceptionHandler handler) {
      handler.recovered();
    }
  }
}
