package io.jcelery.results.redis;

import io.jcelery.protocol.ProtocolException;
import io.jcelery.results.KeyValueResultBackend;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.redis.LettuceResources;
import io.jcelery.transport.redis.LuaScript;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Results in Redis, written and announced exactly as Celery's {@code RedisBackend} does ({@code
 * celery/backends/redis.py}), so Python clients wait on results stored by Java workers and the
 * other way round.
 *
 * <p><b>Features:</b> Celery's key-value semantics (see {@link KeyValueResultBackend}). Each write
 * is {@code SETEX <key> <result_expires seconds> <value>} (plain {@code SET} when results never
 * expire or expire in under a second, as Celery's {@code int(expires)} is then 0) followed by
 * {@code PUBLISH <key> <value>} on the channel named like the key. Celery sends both in a redis-py
 * pipeline (MULTI/EXEC); jcelery pipelines them on one connection, which keeps their order. {@code
 * incr}/{@code expire} are INCR/EXPIRE. Waiting SUBSCRIBEs to the key's channel before reading the
 * key, then waits for messages: no polling.
 *
 * <p><b>URL:</b> {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://...} for TLS
 * (query {@code ssl_cert_reqs=none} disables certificate checks). Defaults: host {@code localhost},
 * port 6379, db 0; the db may also be given as query {@code virtual_host}.
 *
 * <p><b>Options:</b> only those of {@link ResultBackendOptions}; {@code result_expires} is the key
 * TTL (default one day).
 *
 * <p>Thread-safe: one connection for commands, one more for subscriptions once something waits.
 *
 * @since 0.1
 */
public final class RedisResultBackend extends KeyValueResultBackend {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final LuaScript STORE = LuaScript.load(RedisResultBackend.class, "store.lua");

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisSubscriptions subscriptions;
  private final String displayUrl;
  private final boolean jsonMetas;

  /**
   * Connects to Redis.
   *
   * @throws ResultBackendException when Redis cannot be reached, naming the (masked) URL
   */
  public RedisResultBackend(BrokerUrl url, ResultBackendOptions options) {
    super(options);
    this.displayUrl = url.toString();
    this.jsonMetas = options.serializer().name().equals("json");
    RedisURI uri = RedisUris.from(url);
    this.client = RedisClient.create(LettuceResources.shared(), uri);
    // Stores that no thread waits for (storeAsync) fail after the timeout instead of never.
    client.setOptions(
        ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
    try {
      this.connection = client.connect(CODEC);
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new ResultBackendException(
          "Cannot connect to the Redis result backend at " + displayUrl + ": " + e.getMessage(), e);
    }
    this.subscriptions = new RedisSubscriptions(() -> client.connectPubSub(CODEC));
    client.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            subscriptions.wakeAll();
          }
        });
  }

  @Override
  protected byte[] getValue(String key) {
    return await(connection.async().get(key), key);
  }

  @Override
  protected List<byte[]> mget(List<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<KeyValue<String, byte[]>> pairs =
        await(connection.async().mget(keys.toArray(String[]::new)), keys.get(0));
    List<byte[]> values = new ArrayList<>(pairs.size());
    pairs.forEach(pair -> values.add(pair.getValueOrElse(null)));
    return values;
  }

  @Override
  protected void set(String key, byte[] value, Duration ttl) {
    await(write(key, value, ttl), key);
  }

  @Override
  protected boolean setUnlessSucceeded(String key, byte[] value, Duration ttl) {
    return await(setUnlessSucceededAsync(key, value, ttl), key);
  }

  /**
   * One round trip: a Lua script checks for a stored SUCCESS, writes and publishes (JSON metas;
   * other serializers, or a stored value that is not such JSON, read, decode, then write). Nothing
   * here waits; the stage completes on Lettuce's event loop, exceptionally with a {@link
   * ResultBackendException} that names the key (after at most the command timeout), or with the
   * {@link ProtocolException} of a stored value that cannot be decoded.
   */
  @Override
  protected CompletionStage<Boolean> setUnlessSucceededAsync(
      String key, byte[] value, Duration ttl) {
    CompletionStage<Boolean> written;
    if (jsonMetas) {
      long seconds = ttl == null ? 0 : Math.max(ttl.getSeconds(), 0);
      written =
          STORE
              .<String, byte[], Long>runAsync(
                  connection.async(), ScriptOutputType.INTEGER, new String[] {key}, value,
                  Long.toString(seconds).getBytes(StandardCharsets.US_ASCII))
              .thenCompose(
                  outcome ->
                      outcome == -1
                          ? readThenWrite(key, value, ttl)
                          : CompletableFuture.completedStage(outcome == 1));
    } else {
      written = readThenWrite(key, value, ttl);
    }
    return written.exceptionallyCompose(
        e -> {
          // A stored value that cannot be decoded fails as it does when read (ProtocolException).
          Throwable cause = unwrap(e);
          return CompletableFuture.failedStage(
              cause instanceof ProtocolException ? cause : failure(key, cause));
        });
  }

  /** Celery's {@code _store_result} step by step: GET, decode, then write unless a SUCCESS. */
  private CompletionStage<Boolean> readThenWrite(String key, byte[] value, Duration ttl) {
    return connection
        .async()
        .get(key)
        .thenCompose(
            current ->
                isSuccess(current)
                    ? CompletableFuture.completedStage(false)
                    : write(key, value, ttl).thenApply(published -> true));
  }

  /** SETEX (or SET) then PUBLISH, pipelined on one connection, which keeps their order. */
  private CompletionStage<Long> write(String key, byte[] value, Duration ttl) {
    RedisAsyncCommands<String, byte[]> commands = connection.async();
    long seconds = ttl == null ? 0 : ttl.getSeconds();
    RedisFuture<String> stored =
        seconds > 0 ? commands.setex(key, seconds, value) : commands.set(key, value);
    RedisFuture<Long> published = commands.publish(key, value);
    return stored.thenCompose(ok -> published);
  }

  @Override
  protected void delete(String key) {
    await(connection.async().del(key), key);
  }

  @Override
  protected long incr(String key) {
    return await(connection.async().incr(key), key);
  }

  @Override
  protected void expire(String key, Duration ttl) {
    if (ttl != null && ttl.getSeconds() > 0) {
      await(connection.async().expire(key, ttl.getSeconds()), key);
    }
  }

  @Override
  protected KeyWatch watch(String key) {
    try {
      return subscriptions.subscribe(key);
    } catch (RedisException e) {
      throw new ResultBackendException(
          "Cannot SUBSCRIBE to " + key + " on " + displayUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    subscriptions.close();
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  public String toString() {
    return "RedisResultBackend[" + displayUrl + "]";
  }

  private <T> T await(CompletionStage<T> stage, String key) {
    try {
      return stage.toCompletableFuture().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultBackendException("Interrupted during a Redis command on " + key, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof ResultBackendException || cause instanceof ProtocolException) {
        throw (RuntimeException) cause;
      }
      throw failure(key, cause);
    }
  }

  private ResultBackendException failure(String key, Throwable cause) {
    return new ResultBackendException(
        "Redis result backend " + displayUrl + " failed on " + key + ": " + cause.getMessage(),
        cause);
  }

  /** The cause of an {@link ExecutionException} or {@link CompletionException}. */
  private static Throwable unwrap(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
