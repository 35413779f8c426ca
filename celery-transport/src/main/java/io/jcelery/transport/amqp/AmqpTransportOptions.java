package io.jcelery.transport.amqp;

import io.jcelery.transport.TransportException;
import io.jcelery.transport.virtual.TransportOptionMap;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options of the AMQP transport: kombu's connection parameters, read from the URL query and
 * from Celery's {@code broker_transport_options} (which win, as kombu merges them last in {@code
 * pyamqp.Transport.establish_connection}), plus the jcelery ones. Immutable.
 *
 * @param connectTimeout {@code connect_timeout}: TCP connect and AMQP handshake timeout (4 s,
 *     Celery's {@code broker_connection_timeout})
 * @param heartbeat {@code heartbeat}: requested heartbeat interval, zero to disable (120 s,
 *     Celery's {@code broker_heartbeat}); the broker may negotiate it down
 * @param publishTimeout {@code publish_timeout} (jcelery): how long a publish or declaration waits
 *     for a lost connection to come back and for the broker's publisher confirm before it throws
 *     (10 s)
 * @param recoveryInterval {@code recovery_interval} (jcelery): pause before each attempt to
 *     reconnect after the connection was lost (2 s, the first interval of Celery's {@code
 *     broker_connection_retry})
 * @param connectionName {@code connection_name} (jcelery): prefix of the client-provided
 *     connection names shown by RabbitMQ ({@code jcelery}); the transport adds {@code publish} or
 *     {@code consume}
 * @since 0.1
 */
public record AmqpTransportOptions(
    Duration connectTimeout,
    Duration heartbeat,
    Duration publishTimeout,
    Duration recoveryInterval,
    String connectionName) {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpTransportOptions.class);

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(4);
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(2);
  public static final String DEFAULT_CONNECTION_NAME = "jcelery";

  private static final Set<String> SUPPORTED =
      Set.of(
          "connect_timeout", "heartbeat", "publish_timeout", "recovery_interval",
          "connection_name");

  /**
   * py-amqp connection arguments kombu passes through that mean nothing here: accepted and
   * ignored with a log line. Publisher confirms are always on ({@code confirm_publish}).
   */
  private static final Set<String> IGNORED =
      Set.of(
          "confirm_publish", "login_method", "read_timeout", "write_timeout", "socket_settings",
          "client_properties", "insist", "channel_max", "frame_max", "locale",
          "ssl_cert_reqs", "ssl");

  public AmqpTransportOptions {
    Objects.requireNonNull(connectTimeout, "connect_timeout");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(publishTimeout, "publish_timeout");
    Objects.requireNonNull(recoveryInterval, "recovery_interval");
    if (connectTimeout.isZero()) {
      throw new TransportException("broker_transport_options['connect_timeout'] must be > 0");
    }
    if (publishTimeout.isZero()) {
      throw new TransportException("broker_transport_options['publish_timeout'] must be > 0");
    }
    if (heartbeat.toSeconds() > 65_535) {
      throw new TransportException(
          "broker_transport_options['heartbeat'] must be at most 65535 seconds");
    }
    connectionName = connectionName == null ? DEFAULT_CONNECTION_NAME : connectionName;
  }

  /** The defaults. */
  public static AmqpTransportOptions defaults() {
    return from(Map.of());
  }

  /**
   * Reads Celery's {@code broker_transport_options}.
   *
   * @throws TransportException for a malformed value
   */
  public static AmqpTransportOptions from(Map<String, Object> transportOptions) {
    return from(transportOptions, Map.of());
  }

  /**
   * Reads the URL query ({@code ?heartbeat=30&connect_timeout=10}) and then Celery's {@code
   * broker_transport_options}, which win.
   *
   * @throws TransportException for a malformed value
   */
  public static AmqpTransportOptions from(
      Map<String, Object> transportOptions, Map<String, String> urlQuery) {
    Map<String, Object> all = new LinkedHashMap<>();
    if (urlQuery != null) {
      for (String key : SUPPORTED) {
        if (urlQuery.containsKey(key)) {
          all.put(key, urlQuery.get(key));
        }
      }
    }
    if (transportOptions != null) {
      all.putAll(transportOptions);
    }
    TransportOptionMap o = TransportOptionMap.of(all);
    for (String key : IGNORED) {
      if (transportOptions != null && transportOptions.get(key) != null) {
        LOG.info("AMQP transport option '{}' has no effect in jcelery and is ignored", key);
      }
    }
    Set<String> known = new HashSet<>(SUPPORTED);
    known.addAll(IGNORED);
    o.warnUnknown(known, "amqp");
    return new AmqpTransportOptions(
        o.seconds("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
        o.seconds("heartbeat", DEFAULT_HEARTBEAT),
        o.seconds("publish_timeout", DEFAULT_PUBLISH_TIMEOUT),
        o.seconds("recovery_interval", DEFAULT_RECOVERY_INTERVAL),
        o.text("connection_name", DEFAULT_CONNECTION_NAME));
  }
}
