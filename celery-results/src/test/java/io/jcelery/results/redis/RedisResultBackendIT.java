package io.jcelery.results.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContract;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultBackends;
import io.jcelery.results.ResultRoute;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract against a real Redis: {@code -Djcelery.redis.url} or {@code REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}; results go to db 12. Fails, naming Redis, when it is down.
 */
class RedisResultBackendIT extends ResultBackendContract {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final String URL = redisUrl() + "/12";

  private static RedisClient client;
  private static StatefulRedisConnection<String, byte[]> direct;

  @BeforeAll
  static void connect() {
    client = RedisClient.create(URL);
    try {
      direct = client.connect(CODEC);
    } catch (RedisException e) {
      client.shutdown();
      throw new AssertionError(
          "Redis is not reachable at "
              + URL
              + " (start it, or set -Djcelery.redis.url): "
              + e.getMessage(),
          e);
    }
  }

  @AfterAll
  static void disconnect() {
    if (direct != null) {
      direct.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  protected ResultBackend open(ResultBackendOptions options) {
    return ResultBackends.open(URL, options);
  }

  @Override
  protected void putRaw(ResultBackend backend, String key, byte[] value) {
    direct.sync().set(key, value);
    direct.sync().expire(key, 600);
  }

  @Override
  protected byte[] getRaw(ResultBackend backend, String key) {
    return direct.sync().get(key);
  }

  @Override
  protected Optional<Duration> ttl(ResultBackend backend, String key) {
    long seconds = direct.sync().ttl(key);
    return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
  }

  @Test
  @DisplayName("each store is PUBLISHed on the channel named like the key, with the stored value")
  void publishesStoredValueOnKeyChannel() {
    ResultBackend backend = backend();
    ResultMeta meta = success(newTaskId(), JsonNodeFactory.instance.numberNode(5));
    String key = "celery-task-meta-" + meta.taskId();
    List<byte[]> messages = new CopyOnWriteArrayList<>();
    try (StatefulRedisPubSubConnection<String, byte[]> pubsub = client.connectPubSub(CODEC)) {
      pubsub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
              if (channel.equals(key)) {
                messages.add(message);
              }
            }
          });
      pubsub.sync().subscribe(key);

      backend.store(meta);

      await().atMost(Duration.ofSeconds(5)).until(() -> !messages.isEmpty());
      assertThat(messages.get(0)).isEqualTo(getRaw(backend, key));
    }
  }

  @Test
  @DisplayName(
      "a waiter re-reads the key within about a second when a result is stored without a PUBLISH")
  void waiterFindsResultStoredWithoutNotification() {
    ResultBackend waiting = backend();
    String taskId = newTaskId();
    String key = "celery-task-meta-" + taskId;
    CompletableFuture<Optional<ResultMeta>> result =
        CompletableFuture.supplyAsync(() -> waiting.awaitReady(taskId, Duration.ofSeconds(30)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> direct.sync().pubsubNumsub(key).getOrDefault(key, 0L) == 1);

    // As a store whose PUBLISH never reaches the waiter: the value alone.
    putRaw(waiting, key,
        ("{\"status\": \"SUCCESS\", \"result\": 7, \"traceback\": null, \"children\": [], "
            + "\"date_done\": \"2026-12-08T01:00:00.000000\", \"task_id\": \"" + taskId + "\"}")
            .getBytes(UTF_8));

    // Well before the 30 s timeout: the recheck (1 s), not the timeout, ended the wait.
    assertThat(result)
        .succeedsWithin(Duration.ofSeconds(5))
        .satisfies(
            meta -> {
              assertThat(meta).isPresent();
              assertThat(meta.get().state()).isEqualTo(TaskState.SUCCESS);
              assertThat(meta.get().result().asInt()).isEqualTo(7);
            });
  }

  @Test
  @DisplayName(
      "result_expires below one second stores without expiry, as Celery's int(expires) = 0")
  void subSecondExpiryStoresWithoutTtl() {
    ResultBackend backend =
        backend(ResultBackendOptions.builder().expires(Duration.ofMillis(500)).build());
    String taskId = newTaskId();

    backend.store(success(taskId, JsonNodeFactory.instance.numberNode(1)));

    assertThat(ttl(backend, "celery-task-meta-" + taskId)).isEmpty();
    direct.sync().del("celery-task-meta-" + taskId);
  }

  /** Stores with {@code store}, or with {@code storeAsync} and waits for its stage. */
  private static void store(ResultBackend backend, ResultMeta meta, boolean async) {
    if (async) {
      backend.storeAsync(meta, ResultRoute.NONE).toCompletableFuture().join();
    } else {
      backend.store(meta);
    }
  }

  @ParameterizedTest(name = "storeAsync: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("with msgpack metas a stored SUCCESS still wins (read, decode, then write)")
  void msgpackMetasAreDeduplicatedOutsideTheScript(boolean async) {
    ResultBackend backend =
        backend(
            ResultBackendOptions.builder()
                .serializer(io.jcelery.protocol.codec.BodyCodecs.msgpack())
                .accept(io.jcelery.protocol.codec.AcceptContent.of(java.util.List.of("msgpack")))
                .build());
    String taskId = newTaskId();
    store(backend, success(taskId, JsonNodeFactory.instance.numberNode(7)), async);
    store(backend, failure(taskId, "ValueError", "late"), async);
    assertThat(backend.get(taskId).orElseThrow().status()).isEqualTo("SUCCESS");
    direct.sync().del("celery-task-meta-" + taskId);
  }

  @ParameterizedTest(name = "storeAsync: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("a stored value that is not a JSON meta makes the script step aside")
  void nonJsonStoredValueFallsBackToDecoding(boolean async) {
    ResultBackend backend = backend();
    String taskId = newTaskId();
    String key = "celery-task-meta-" + taskId;
    putRaw(backend, key, "{\"result\": 1, \"status\": \"SUCCESS\"}".getBytes(UTF_8));
    store(backend, failure(taskId, "ValueError", "late"), async);
    assertThat(backend.get(taskId).orElseThrow().status()).isEqualTo("SUCCESS");
    direct.sync().del(key);
  }

  @Test
  @DisplayName("storeAsync loads the store script again after SCRIPT FLUSH (NOSCRIPT)")
  void reloadsTheScriptAfterScriptFlush() {
    ResultBackend backend = backend();
    backend.store(success(newTaskId(), JsonNodeFactory.instance.numberNode(1))); // script cached
    direct.sync().scriptFlush();
    ResultMeta meta = success(newTaskId(), JsonNodeFactory.instance.numberNode(2));

    backend.storeAsync(meta, ResultRoute.NONE).toCompletableFuture().join();

    assertThat(backend.get(meta.taskId())).contains(meta);
    direct.sync().del("celery-task-meta-" + meta.taskId());
  }

  @Test
  @DisplayName("storeAsync fails its stage, naming the key, when Redis refuses the command")
  void failedStoreCompletesTheStageExceptionally() {
    ResultBackend backend = backend();
    String taskId = newTaskId();
    String key = "celery-task-meta-" + taskId;
    direct.sync().lpush(key, "not a string".getBytes(UTF_8)); // GET on a list: WRONGTYPE

    CompletableFuture<Void> stored =
        backend
            .storeAsync(success(taskId, JsonNodeFactory.instance.numberNode(3)), ResultRoute.NONE)
            .toCompletableFuture();

    assertThatThrownBy(stored::join)
        .hasCauseInstanceOf(ResultBackendException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("WRONGTYPE");
    direct.sync().del(key);
  }

  private static String redisUrl() {
    String url = System.getProperty("jcelery.redis.url", System.getenv("REDIS_URL"));
    return url != null ? url.replaceAll("/\\d*$", "") : "redis://127.0.0.1:6379";
  }
}
