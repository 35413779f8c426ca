package io.jcelery.results;

import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's key-value result backend semantics ({@code celery/backends/base.py} {@code
 * BaseKeyValueStoreBackend}) over a few store primitives: {@link #getValue}, {@link #mget}, {@link
 * #set}, {@link #delete}, and optionally {@link #incr} and {@link #expire}. A store implements
 * those; this class does the rest the way Celery does:
 *
 * <ul>
 *   <li>a task's meta lives under {@code celery-task-meta-<task_id>} ({@link ResultKeys});
 *   <li>it is encoded with the result serializer and decoded only if that serializer's content type
 *       is in the accepted content ({@code result_accept_content}, else {@code accept_content});
 *   <li>{@link #store} reads the current meta first and never overwrites a {@code SUCCESS} ({@code
 *       _store_result}); every write carries {@code result_expires} as its time to live;
 *   <li>nothing stored means {@code PENDING} ({@code _get_task_meta_for}).
 * </ul>
 *
 * <p>Waiting ({@link #awaitReady}) opens a {@link KeyWatch} on the key before its first read, so a
 * result stored in between is never missed. The default watch polls every {@link #pollInterval()};
 * stores with notifications (Redis PUBLISH, in-memory monitors) override {@link #watch}.
 *
 * <p>Subclasses must be thread-safe.
 *
 * @since 0.1
 */
public abstract class KeyValueResultBackend implements ResultBackend {

  private static final Logger LOG = LoggerFactory.getLogger(KeyValueResultBackend.class);

  /** Celery's {@code interval=0.5} of {@code AsyncResult.get} on polling backends. */
  private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  private final ResultBackendOptions options;
  private final ResultMetaFormat format;

  protected KeyValueResultBackend(ResultBackendOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.format = new ResultMetaFormat(options);
  }

  /** The serializer, accepted content and expiry this backend was opened with. */
  public final ResultBackendOptions options() {
    return options;
  }

  @Override
  public void store(ResultMeta meta) {
    String key = ResultKeys.forTask(meta.taskId());
    logUnwritten(meta, setUnlessSucceeded(key, format.encode(meta), options.expires()));
  }

  /** Encodes the meta here, then writes it with {@link #setUnlessSucceededAsync}. */
  @Override
  public CompletionStage<Void> storeAsync(ResultMeta meta, ResultRoute route) {
    String key = ResultKeys.forTask(meta.taskId());
    return setUnlessSucceededAsync(key, format.encode(meta), options.expires())
        .thenAccept(written -> logUnwritten(meta, written));
  }

  private static void logUnwritten(ResultMeta meta, boolean written) {
    if (!written) {
      LOG.debug("Not storing {} for {}: SUCCESS is already stored", meta.status(), meta.taskId());
    }
  }

  /**
   * Writes {@code value} unless a {@code SUCCESS} is stored under {@code key}: celery/backends/
   * base.py {@code _store_result} (a stored SUCCESS wins, which deduplicates redelivered tasks).
   * This reads, decodes, then {@link #set}s; a backend that can check and write in one step
   * overrides it.
   *
   * @return false when a SUCCESS was stored and nothing was written
   */
  protected boolean setUnlessSucceeded(String key, byte[] value, Duration ttl) {
    if (isSuccess(getValue(key))) {
      return false;
    }
    set(key, value, ttl);
    return true;
  }

  /**
   * {@link #setUnlessSucceeded} without waiting for the store: the stage completes with its
   * outcome. The default calls {@link #setUnlessSucceeded} before returning; a store with an
   * asynchronous client overrides it.
   *
   * @since 0.2
   */
  protected CompletionStage<Boolean> setUnlessSucceededAsync(
      String key, byte[] value, Duration ttl) {
    return CompletableFuture.completedStage(setUnlessSucceeded(key, value, ttl));
  }

  /** Whether {@code value}, as stored, is a meta whose status is {@code SUCCESS}. */
  protected final boolean isSuccess(byte[] value) {
    return value != null
        && value.length > 0
        && TaskState.SUCCESS.name().equals(format.decode(value).status());
  }

  @Override
  public Optional<ResultMeta> get(String taskId) {
    byte[] value = getValue(ResultKeys.forTask(taskId));
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    return Optional.of(format.decode(value));
  }

  @Override
  public Optional<ResultMeta> awaitReady(String taskId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KeyWatch watch = watch(ResultKeys.forTask(taskId))) {
      while (true) {
        Optional<ResultMeta> meta = get(taskId);
        if (meta.isPresent() && isReady(meta.get())) {
          return meta;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return Optional.empty();
        }
        watch.await(Duration.ofNanos(remaining));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultBackendException("Interrupted while waiting for the result of " + taskId, e);
    }
  }

  @Override
  public void forget(String taskId) {
    delete(ResultKeys.forTask(taskId));
  }

  /** Encodes a meta with the result serializer, as it is stored. */
  protected final byte[] encode(ResultMeta meta) {
    return format.encode(meta);
  }

  /**
   * Decodes a stored meta.
   *
   * @throws io.jcelery.protocol.ContentDisallowedException when the result serializer's content
   *     type is not accepted
   */
  protected final ResultMeta decode(byte[] value) {
    return format.decode(value);
  }

  /**
   * Celery's {@code get(key)}: the stored value, or null when there is none. Named {@code getValue}
   * because {@link #get(String)} reads a task's meta.
   */
  protected abstract byte[] getValue(String key);

  /** Celery's {@code mget(keys)}: values in key order, null where none. Default: one by one. */
  protected List<byte[]> mget(List<String> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      values.add(getValue(key));
    }
    return values;
  }

  /**
   * Celery's {@code set(key, value)}, with the time to live that Celery's stores apply themselves.
   *
   * @param ttl {@code result_expires}; null when results never expire. Stores without expiry ignore
   *     it.
   */
  protected abstract void set(String key, byte[] value, Duration ttl);

  /** Celery's {@code delete(key)}; deleting a missing key does nothing. */
  protected abstract void delete(String key);

  /**
   * Celery's {@code incr(key)}: atomically adds one and returns the new value (missing = 0).
   *
   * @throws UnsupportedOperationException when the store has no atomic increment ({@code
   *     implements_incr = False})
   */
  protected long incr(String key) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not implement incr");
  }

  /** Celery's {@code expire(key, value)}; stores without expiry do nothing (the default). */
  protected void expire(String key, Duration ttl) {}

  /**
   * Opens a watch on a key for {@link #awaitReady}. It is opened before the key is first read, so a
   * watch that notifies must register before returning. The default polls.
   */
  protected KeyWatch watch(String key) {
    Duration interval = pollInterval();
    return max -> Thread.sleep(Math.max(1, Math.min(max.toMillis(), interval.toMillis())));
  }

  /** How often the default {@link #watch} re-reads: 500 ms, Celery's {@code interval}. */
  protected Duration pollInterval() {
    return DEFAULT_POLL_INTERVAL;
  }

  private static boolean isReady(ResultMeta meta) {
    TaskState state = meta.state();
    return state != null && state.isReady();
  }

  /**
   * A registration for changes of one key, used by {@link #awaitReady}.
   *
   * @since 0.1
   */
  @FunctionalInterface
  public interface KeyWatch extends AutoCloseable {

    /**
     * Returns when the key may have changed since the watch was opened or last returned, or when
     * {@code max} has passed. Returning early is allowed: the caller re-reads the key either way.
     */
    void await(Duration max) throws InterruptedException;

    /** Stops watching. */
    @Override
    default void close() {}
  }
}
