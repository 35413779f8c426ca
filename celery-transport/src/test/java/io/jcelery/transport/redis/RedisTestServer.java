package io.jcelery.transport.redis;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local Redis the integration tests use: {@code redis.host}/{@code redis.port} system
 * properties or {@code REDIS_HOST}/{@code REDIS_PORT}, default 127.0.0.1:6379, database 9. Each
 * test works under its own key prefix. A missing server fails the test, naming it. Closing it
 * closes the transports it opened (they restore their unsettled deliveries), then deletes the keys
 * under its prefix.
 */
final class RedisTestServer implements AutoCloseable {

  static final int DB = 9;
  static final String HOST =
      System.getProperty("redis.host", System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"));
  static final int PORT =
      Integer.parseInt(
          System.getProperty("redis.port", System.getenv().getOrDefault("REDIS_PORT", "6379")));

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String prefix = "jcelery-it:" + UUID.randomUUID() + ":";
  private final List<Transport> opened = new ArrayList<>();

  RedisTestServer() {
    client =
        RedisClient.create(
            RedisURI.builder().withHost(HOST).withPort(PORT).withDatabase(DB)
                .withTimeout(Duration.ofSeconds(5)).build());
    StatefulRedisConnection<String, String> c = null;
    try {
      c = client.connect(StringCodec.UTF8);
      c.sync().ping();
    } catch (RuntimeException e) {
      client.shutdown();
      fail("Redis is not reachable at " + HOST + ":" + PORT
          + " (start it, or set redis.host/redis.port): " + e.getMessage());
    }
    connection = c;
  }

  static String url() {
    return "redis://" + HOST + ":" + PORT + "/" + DB;
  }

  /** A key prefix of this server object's own, for one test. */
  String prefix() {
    return prefix;
  }

  /** A Redis transport on this server whose keys are under {@link #prefix()}, closed with it. */
  Transport open(Map<String, Object> options) {
    Map<String, Object> all = new HashMap<>(options);
    all.put("global_keyprefix", prefix);
    Transport transport = Transports.open(url(), all);
    opened.add(transport);
    return transport;
  }

  StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  RedisCommands<String, String> redis() {
    return connection.sync();
  }

  /** Every key under a prefix. */
  List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    ScanIterator.scan(redis(), ScanArgs.Builder.matches(glob(prefix) + "*").limit(500))
        .forEachRemaining(keys::add);
    return keys;
  }

  @Override
  public void close() {
    opened.forEach(Transport::close); // they restore unsettled deliveries: close before deleting
    List<String> keys = keys(prefix);
    if (!keys.isEmpty()) {
      redis().del(keys.toArray(String[]::new));
    }
    connection.close();
    client.shutdown();
  }

  private static String glob(String text) {
    return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
