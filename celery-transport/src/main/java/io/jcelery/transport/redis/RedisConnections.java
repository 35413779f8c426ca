package io.jcelery.transport.redis;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.TransportException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.io.File;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The Lettuce client of one transport: its URL parsed as kombu parses Redis URLs
 * ({@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for TLS with the {@code
 * ssl_cert_reqs}, {@code ssl_ca_certs}, {@code ssl_certfile} and {@code ssl_keyfile} query
 * parameters redis-py takes), one shared connection for commands, and dedicated connections for
 * blocking consumers. Event loops are shared by every transport in the JVM.
 */
final class RedisConnections implements AutoCloseable {

  static final int DEFAULT_PORT = 6379;
  private static final String DEFAULT_HOST = "127.0.0.1";
  private static final Duration MIN_BLOCKING_TIMEOUT = Duration.ofSeconds(5);

  private final BrokerUrl url;
  private final RedisClient client;
  private final int db;
  private final StatefulRedisConnection<String, String> commands;
  private final Duration blockingTimeout;

  RedisConnections(BrokerUrl url, RedisTransportOptions options) {
    this.url = url;
    this.db = database(url);
    RedisURI uri = uri(url, db, options);
    this.client = RedisClient.create(resources(), uri);
    client.setOptions(clientOptions(url, options));
    Duration commandTimeout = uri.getTimeout();
    this.blockingTimeout =
        commandTimeout.compareTo(MIN_BLOCKING_TIMEOUT) < 0 ? MIN_BLOCKING_TIMEOUT : commandTimeout;
    try {
      this.commands = client.connect(StringCodec.UTF8);
      commands.sync().ping();
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new TransportException("Cannot connect to Redis at " + url + ": " + e.getMessage(), e);
    }
  }

  /** The database number from the URL path. */
  int db() {
    return db;
  }

  /** The connection shared by publishing, acks and restores. */
  StatefulRedisConnection<String, String> commands() {
    return commands;
  }

  /** A new connection for one consumer's blocking reads. */
  StatefulRedisConnection<String, String> openBlocking() {
    try {
      StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
      connection.setTimeout(blockingTimeout);
      return connection;
    } catch (RedisException e) {
      throw new TransportException("Cannot connect to Redis at " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      commands.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** kombu {@code _prepare_virtual_host}: the path is the db number, default 0. */
  static int database(BrokerUrl url) {
    String path = url.path();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      return Integer.parseInt(path.startsWith("/") ? path.substring(1) : path);
    } catch (NumberFormatException e) {
      throw new TransportException(
          "Database is int between 0 and limit - 1, not " + path + " (in " + url + ")");
    }
  }

  static RedisURI uri(BrokerUrl url, int db, RedisTransportOptions options) {
    RedisURI.Builder builder =
        RedisURI.builder()
            .withHost(url.hostOr(DEFAULT_HOST))
            .withPort(url.portOr(DEFAULT_PORT))
            .withDatabase(db);
    if (url.password() != null) {
      if (url.user() != null) {
        builder.withAuthentication(url.user(), url.password());
      } else {
        builder.withPassword((CharSequence) url.password());
      }
    }
    if (options.socketTimeout() != null && !options.socketTimeout().isZero()) {
      builder.withTimeout(options.socketTimeout());
    }
    if ("rediss".equals(url.scheme())) {
      builder.withSsl(true).withVerifyPeer(verifyMode(url.query()));
    }
    return builder.build();
  }

  private static ClientOptions clientOptions(BrokerUrl url, RedisTransportOptions options) {
    ClientOptions.Builder builder = ClientOptions.builder();
    if (options.socketConnectTimeout() != null && !options.socketConnectTimeout().isZero()) {
      builder.socketOptions(
          SocketOptions.builder().connectTimeout(options.socketConnectTimeout()).build());
    }
    Map<String, String> query = url.query();
    if ("rediss".equals(url.scheme())
        && (query.containsKey("ssl_ca_certs") || query.containsKey("ssl_certfile"))) {
      SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
      if (query.containsKey("ssl_ca_certs")) {
        ssl.trustManager(new File(query.get("ssl_ca_certs")));
      }
      if (query.containsKey("ssl_certfile") && query.containsKey("ssl_keyfile")) {
        ssl.keyManager(
            new File(query.get("ssl_certfile")), new File(query.get("ssl_keyfile")), null);
      }
      builder.sslOptions(ssl.build());
    }
    return builder.build();
  }

  /** redis-py's {@code ssl_cert_reqs}: none, optional or required (the default). */
  private static SslVerifyMode verifyMode(Map<String, String> query) {
    String reqs = query.getOrDefault("ssl_cert_reqs", "required").toLowerCase(Locale.ROOT);
    return switch (reqs) {
      case "none", "cert_none" -> SslVerifyMode.NONE;
      case "optional", "cert_optional" -> SslVerifyMode.CA;
      case "required", "cert_required" -> SslVerifyMode.FULL;
      default -> throw new TransportException("Unknown ssl_cert_reqs '" + reqs + "'");
    };
  }

  private static ClientResources resources() {
    return LettuceResources.shared();
  }
}
