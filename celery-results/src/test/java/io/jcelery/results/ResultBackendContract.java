package io.jcelery.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.BodyCodecs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every {@link ResultBackend} must do to be Celery-compatible. Each implementation's test
 * extends this class and says how to open a backend and how to read and write the store directly
 * (to plant values written by Python, and to check what Python would read).
 *
 * <p>Task ids are random UUIDs, so tests do not see each other's results even on a shared store.
 */
public abstract class ResultBackendContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<ResultBackend> opened = new ArrayList<>();

  /** Opens a backend on the store under test; closed after each test. */
  protected abstract ResultBackend open(ResultBackendOptions options);

  /** Writes a value straight into the store, as a Python worker would. */
  protected abstract void putRaw(ResultBackend backend, String key, byte[] value);

  /** The value straight from the store, or null. */
  protected abstract byte[] getRaw(ResultBackend backend, String key);

  /**
   * The time to live of a stored key, or empty when it has none. Only called when {@link
   * #supportsExpiry()}.
   */
  protected abstract Optional<Duration> ttl(ResultBackend backend, String key);

  /** Whether the store applies {@code result_expires} (the filesystem does not). */
  protected boolean supportsExpiry() {
    return true;
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(ResultBackend::close);
    opened.clear();
  }

  protected final ResultBackend backend() {
    return backend(ResultBackendOptions.DEFAULT);
  }

  protected final ResultBackend backend(ResultBackendOptions options) {
    ResultBackend backend = open(options);
    opened.add(backend);
    return backend;
  }

  protected static String newTaskId() {
    return UUID.randomUUID().toString();
  }

  protected static ResultMeta success(String taskId, JsonNode value) {
    return new ResultMeta(
        "SUCCESS",
        value,
        null,
        NODES.arrayNode(),
        "2024-05-06T07:08:09.123456",
        null,
        null,
        null,
        taskId);
  }

  protected static ResultMeta failure(String taskId, String type, String message) {
    ObjectNode exc = NODES.objectNode();
    exc.put("exc_type", type);
    exc.set("exc_message", NODES.arrayNode().add(message));
    exc.put("exc_module", "builtins");
    return new ResultMeta(
        "FAILURE",
        exc,
        "Traceback (most recent call last):\n" + type + ": " + message + "\n",
        NODES.arrayNode(),
        "2024-05-06T07:08:09.123456",
        null,
        null,
        null,
        taskId);
  }

  protected static ResultMeta started(String taskId) {
    ObjectNode info = NODES.objectNode();
    info.put("pid", 42);
    info.put("hostname", "worker@host");
    return new ResultMeta("STARTED", info, null, NODES.arrayNode(), null, null, null, null, taskId);
  }

  @Nested
  @DisplayName("storing and reading")
  class StoreAndGet {

    @Test
    @DisplayName("a stored result reads back equal")
    void storedResultReadsBackEqual() {
      ResultBackend backend = backend();
      ResultMeta meta = success(newTaskId(), NODES.objectNode().put("sum", 5));

      backend.store(meta);

      assertThat(backend.get(meta.taskId())).contains(meta);
    }

    @Test
    @DisplayName("a task with nothing stored reads as empty, which Celery reports as PENDING")
    void nothingStoredReadsAsEmpty() {
      assertThat(backend().get(newTaskId())).isEmpty();
    }

    @Test
    @DisplayName("the result is stored under celery-task-meta-<id> as the serializer's JSON")
    void storesUnderCeleryKeyAsJson() throws IOException {
      ResultBackend backend = backend();
      String taskId = newTaskId();

      backend.store(success(taskId, NODES.numberNode(5)));

      byte[] raw = getRaw(backend, "celery-task-meta-" + taskId);
      assertThat(raw).isNotNull();
      assertThat(new String(raw, StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null, \"children\": [],"
                  + " \"date_done\": \"2024-05-06T07:08:09.123456\", \"task_id\": \""
                  + taskId
                  + "\"}");
    }

    @Test
    @DisplayName("results are encoded with the configured result serializer")
    void encodesWithConfiguredSerializer() {
      ResultBackendOptions msgpack =
          ResultBackendOptions.builder()
              .serializer(BodyCodecs.msgpack())
              .accept(AcceptContent.of("msgpack"))
              .build();
      ResultBackend backend = backend(msgpack);
      ResultMeta meta = success(newTaskId(), NODES.textNode("héllo"));

      backend.store(meta);

      byte[] raw = getRaw(backend, "celery-task-meta-" + meta.taskId());
      assertThat(BodyCodecs.msgpack().decode(raw).path("result").asText()).isEqualTo("héllo");
      assertThat(backend.get(meta.taskId())).contains(meta);
    }

    @Test
    @DisplayName("forget deletes the stored result")
    void forgetDeletesResult() {
      ResultBackend backend = backend();
      ResultMeta meta = success(newTaskId(), NODES.numberNode(1));
      backend.store(meta);

      backend.forget(meta.taskId());

      assertThat(backend.get(meta.taskId())).isEmpty();
      assertThat(getRaw(backend, "celery-task-meta-" + meta.taskId())).isNull();
    }

    @Test
    @DisplayName("forgetting a task with no result does nothing")
    void forgettingUnknownTaskDoesNothing() {
      ResultBackend backend = backend();
      String taskId = newTaskId();

      backend.forget(taskId);

      assertThat(backend.get(taskId)).isEmpty();
    }
  }

  @Nested
  @DisplayName("deduplication, as Celery's _store_result")
  class Deduplication {

    @Test
    @DisplayName("a stored SUCCESS is never overwritten")
    void successIsNeverOverwritten() {
      ResultBackend backend = backend();
      String taskId = newTaskId();
      ResultMeta first = success(taskId, NODES.numberNode(1));
      backend.store(first);

      backend.store(failure(taskId, "ValueError", "late duplicate"));
      backend.store(success(taskId, NODES.numberNode(2)));

      assertThat(backend.get(taskId)).contains(first);
    }

    @Test
    @DisplayName("any other state is replaced by the next one")
    void otherStatesAreReplaced() {
      ResultBackend backend = backend();
      String taskId = newTaskId();
      backend.store(started(taskId));
      backend.store(failure(taskId, "RuntimeError", "retry me"));

      ResultMeta done = success(taskId, NODES.numberNode(3));
      backend.store(done);

      assertThat(backend.get(taskId)).contains(done);
    }
  }

  @Nested
  @DisplayName("storing without waiting (storeAsync)")
  class StoreAsync {

    @Test
    @DisplayName("the stage completes once the state reads back")
    void stageCompletesOnceStored() {
      ResultBackend backend = backend();
      ResultMeta meta = success(newTaskId(), NODES.numberNode(8));

      backend.storeAsync(meta, ResultRoute.NONE).toCompletableFuture().join();

      assertThat(backend.get(meta.taskId())).contains(meta);
    }

    @Test
    @DisplayName("a stored SUCCESS is never overwritten, and the stage still completes normally")
    void successIsNeverOverwritten() {
      ResultBackend backend = backend();
      String taskId = newTaskId();
      ResultMeta first = success(taskId, NODES.numberNode(1));
      backend.store(first);

      backend
          .storeAsync(failure(taskId, "ValueError", "late duplicate"), ResultRoute.NONE)
          .toCompletableFuture()
          .join();

      assertThat(backend.get(taskId)).contains(first);
    }
  }

  @Nested
  @DisplayName("waiting for a result")
  class AwaitReady {

    @Test
    @DisplayName("returns at once when the task is already ready")
    void returnsReadyResultAtOnce() {
      ResultBackend backend = backend();
      ResultMeta meta = failure(newTaskId(), "ValueError", "boom");
      backend.store(meta);

      assertThat(backend.awaitReady(meta.taskId(), Duration.ofSeconds(5))).contains(meta);
    }

    @Test
    @DisplayName("wakes when the result is stored while it waits")
    void wakesWhenResultIsStored() {
      ResultBackend waiting = backend();
      ResultBackend storing = backend();
      ResultMeta meta = success(newTaskId(), NODES.numberNode(7));
      Thread[] waiter = new Thread[1];
      CompletableFuture<Optional<ResultMeta>> result =
          CompletableFuture.supplyAsync(
              () -> {
                waiter[0] = Thread.currentThread();
                return waiting.awaitReady(meta.taskId(), Duration.ofSeconds(30));
              });
      await().atMost(5, TimeUnit.SECONDS).until(() -> isBlocked(waiter[0]));

      storing.store(started(meta.taskId()));
      storing.store(meta);

      assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Optional.of(meta));
    }

    @Test
    @DisplayName("does not return for a state that is not ready, such as STARTED")
    void keepsWaitingOnStarted() {
      ResultBackend backend = backend();
      String taskId = newTaskId();
      backend.store(started(taskId));

      assertThat(backend.awaitReady(taskId, Duration.ofMillis(300))).isEmpty();
    }

    @Test
    @DisplayName("returns empty when the timeout passes first")
    void timesOut() {
      ResultBackend backend = backend();
      long start = System.nanoTime();

      Optional<ResultMeta> meta = backend.awaitReady(newTaskId(), Duration.ofMillis(200));

      assertThat(meta).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    private boolean isBlocked(Thread thread) {
      return thread != null
          && (thread.getState() == Thread.State.TIMED_WAITING
              || thread.getState() == Thread.State.WAITING);
    }
  }

  @Nested
  @DisplayName("result_expires")
  class Expiry {

    @Test
    @DisplayName("is the time to live of stored results where the store supports expiry")
    void appliesResultExpires() {
      ResultBackend backend =
          backend(ResultBackendOptions.builder().expires(Duration.ofHours(1)).build());
      String taskId = newTaskId();

      backend.store(success(taskId, NODES.numberNode(1)));

      if (supportsExpiry()) {
        assertThat(ttl(backend, "celery-task-meta-" + taskId))
            .hasValueSatisfying(ttl -> assertThat(ttl.toSeconds()).isCloseTo(3600, within(10L)));
      } else {
        assertThat(backend.get(taskId)).isPresent();
      }
    }

    @Test
    @DisplayName("null keeps results forever")
    void nullKeepsResultsForever() {
      ResultBackend backend = backend(ResultBackendOptions.builder().expires(null).build());
      String taskId = newTaskId();

      backend.store(success(taskId, NODES.numberNode(1)));

      assertThat(backend.get(taskId)).isPresent();
      if (supportsExpiry()) {
        assertThat(ttl(backend, "celery-task-meta-" + taskId)).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("results stored by Python Celery 5.2.6")
  class PythonVectors {

    @TestFactory
    @DisplayName("decode to the same meta and re-encode to the same bytes")
    Stream<DynamicTest> decodeAndReencodePythonResults() {
      return Stream.of(
              "vectors/worker/redis/result_meta_redis_backend.json",
              "vectors/worker/redis/result_meta_redis_backend_extended.json")
          .flatMap(ResultBackendContract::pythonResults)
          .map(
              vector ->
                  DynamicTest.dynamicTest(
                      vector.name(), () -> decodesAndReencodes(vector.key(), vector.raw())));
    }

    private void decodesAndReencodes(String key, byte[] raw) throws IOException {
      ResultBackend backend = backend();
      String taskId = key.substring("celery-task-meta-".length());
      putRaw(backend, key, raw);
      JsonNode python = JSON.readTree(raw);

      ResultMeta meta = backend.get(taskId).orElseThrow();

      assertThat(meta.taskId()).isEqualTo(taskId);
      assertThat(meta.status()).isEqualTo(python.get("status").asText());
      assertThat(meta.result()).isEqualTo(python.get("result"));
      assertThat(meta.traceback()).isEqualTo(python.get("traceback").textValue());
      assertThat(meta.children()).isEqualTo(python.get("children"));
      assertThat(meta.dateDone()).isEqualTo(python.get("date_done").textValue());
      assertThat(meta.groupId()).isEqualTo(python.path("group_id").textValue());
      assertThat(meta.parentId()).isEqualTo(python.path("parent_id").textValue());

      backend.forget(taskId);
      backend.store(meta);
      assertThat(new String(getRaw(backend, key), StandardCharsets.UTF_8))
          .isEqualTo(new String(raw, StandardCharsets.UTF_8));
    }
  }

  /** One captured task result: its key and the exact bytes the Python worker stored. */
  record PythonResult(String name, String key, byte[] raw) {}

  static Stream<PythonResult> pythonResults(String resource) {
    JsonNode vectors;
    try (InputStream in =
        ResultBackendContract.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      vectors = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<PythonResult> results = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : vectors.get("results").properties()) {
      JsonNode value = entry.getValue();
      if (value.isObject() && value.path("key").asText().startsWith("celery-task-meta-")) {
        results.add(
            new PythonResult(
                entry.getKey(),
                value.get("key").asText(),
                Base64.getDecoder().decode(value.get("value_b64").asText())));
      }
    }
    return results.stream();
  }
}
