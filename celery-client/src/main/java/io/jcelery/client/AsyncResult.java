package io.jcelery.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jcelery.protocol.ExceptionInfo;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.ExceptionTrees;
import io.jcelery.protocol.codec.ValueTree;
import io.jcelery.results.ResultBackend;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The result of a task, read from the result backend (Celery's {@code celery.result.AsyncResult}).
 * Nothing stored means {@code PENDING}. Once the task is ready (SUCCESS, FAILURE, REVOKED) its meta
 * is cached, as Celery caches it, so later calls do not hit the backend.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class AsyncResult {

  private final String id;
  private final Supplier<ResultBackend> backend;
  private final boolean ignored;
  private volatile ResultMeta cache;

  /** A result read from {@code backend}. */
  public AsyncResult(String id, ResultBackend backend) {
    this(id, () -> backend, false);
  }

  AsyncResult(String id, Supplier<ResultBackend> backend, boolean ignored) {
    this.id = Objects.requireNonNull(id, "id");
    this.backend = backend;
    this.ignored = ignored;
  }

  /** The task id. */
  public String id() {
    return id;
  }

  /** Whether the task was sent with {@code ignore_result}: {@link #get} returns null at once. */
  public boolean ignored() {
    return ignored;
  }

  /**
   * The state name as stored ({@code AsyncResult.state}): {@code PENDING} when nothing is stored,
   * else {@code STARTED}, {@code RETRY}, {@code SUCCESS}, {@code FAILURE}, {@code REVOKED} or a
   * custom state.
   *
   * @throws io.jcelery.results.ResultBackendException when no result backend is configured
   */
  public String status() {
    return meta().map(ResultMeta::status).orElse(TaskState.PENDING.name());
  }

  /**
   * The state, parsed; null for a custom state (use {@link #status()} for its name).
   *
   * @throws io.jcelery.results.ResultBackendException when no result backend is configured
   */
  public TaskState state() {
    return TaskState.parse(status());
  }

  /** The task has finished: SUCCESS, FAILURE or REVOKED. */
  public boolean ready() {
    TaskState state = state();
    return state != null && state.isReady();
  }

  /** The task succeeded. */
  public boolean successful() {
    return state() == TaskState.SUCCESS;
  }

  /** The task failed. */
  public boolean failed() {
    return state() == TaskState.FAILURE;
  }

  /**
   * The stored result without waiting or throwing ({@code AsyncResult.info}): the return value, the
   * exception dict for FAILURE/RETRY/REVOKED, {@code {"pid", "hostname"}} for STARTED, a null node
   * while PENDING.
   */
  public JsonNode info() {
    return meta().map(ResultMeta::result).orElse(NullNode.getInstance());
  }

  /** The remote traceback of a failure, or null. */
  public String traceback() {
    return meta().map(ResultMeta::traceback).orElse(null);
  }

  /** The stored meta, or empty while PENDING. */
  public Optional<ResultMeta> meta() {
    ResultMeta cached = cache;
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ResultMeta> meta = backend.get().get(id);
    meta.ifPresent(this::cacheIfReady);
    return meta;
  }

  /**
   * Waits for the task and returns its return value as a tree ({@code AsyncResult.get}); never null
   * (a null node for {@code None}, or when the task ignores its result).
   *
   * @throws RemoteTaskException when the task failed or was revoked
   * @throws CeleryTimeoutException when the timeout passes first
   * @throws io.jcelery.results.ResultBackendException when no result backend is configured
   */
  public JsonNode get(Duration timeout) {
    if (ignored) {
      return NullNode.getInstance();
    }
    ResultMeta meta = cache;
    if (meta == null) {
      meta =
          backend
              .get()
              .awaitReady(id, timeout)
              .orElseThrow(
                  () ->
                      new CeleryTimeoutException(
                          id,
                          "The operation timed out: task " + id + " not ready after " + timeout));
      cacheIfReady(meta);
    }
    maybeThrow(meta);
    return meta.result() == null ? NullNode.getInstance() : meta.result();
  }

  /**
   * Waits for the task and maps its return value to {@code type} (see {@link ValueTree}).
   *
   * @throws IllegalArgumentException when the value does not fit the type
   * @see #get(Duration)
   */
  public <T> T get(Duration timeout, Class<T> type) {
    return ValueTree.fromTree(get(timeout), type);
  }

  /** As {@link #get(Duration, Class)} for generic types such as {@code List<Integer>}. */
  public <T> T get(Duration timeout, Type type) {
    return ValueTree.fromTree(get(timeout), type);
  }

  /**
   * Deletes the stored result ({@code AsyncResult.forget}).
   *
   * @throws io.jcelery.results.ResultBackendException when no result backend is configured
   */
  public void forget() {
    cache = null;
    backend.get().forget(id);
  }

  @Override
  public String toString() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AsyncResult other && id.equals(other.id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  private void cacheIfReady(ResultMeta meta) {
    TaskState state = meta.state();
    if (state != null && state.isReady()) {
      cache = meta;
    }
  }

  /** Celery's {@code maybe_throw}: FAILURE and REVOKED raise the stored exception. */
  private void maybeThrow(ResultMeta meta) {
    TaskState state = meta.state();
    if (state == null || !state.propagates()) {
      return;
    }
    ExceptionInfo exception = ExceptionTrees.fromTree(meta.result());
    if (exception == null) {
      // Not an exception dict (a foreign producer's custom payload): report it as Celery would
      // fail to rebuild it, with the raw value as the message.
      exception =
          new ExceptionInfo(
              state == TaskState.REVOKED ? "TaskRevokedError" : "Exception",
              meta.result() == null ? NullNode.getInstance() : meta.result(),
              "celery.exceptions");
    }
    throw new RemoteTaskException(id, meta.status(), exception, meta.traceback());
  }
}
