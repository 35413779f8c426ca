package io.jcelery.worker.complete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.ExceptionInfo;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.ExceptionTrees;
import io.jcelery.protocol.codec.ResultMetaCodec;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultRoute;
import io.jcelery.worker.decode.TaskRequest;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * Writes task states to the result backend with the meta Celery 5.2.6 builds ({@code
 * celery/backends/base.py} {@code _get_result_meta}): {@code date_done} (naive UTC) only for ready
 * states, {@code group_id} / {@code parent_id} only when the request has them, the extended fields
 * only with {@code result_extended}. Each state goes with the request's {@code reply_to} and
 * {@code correlation_id} ({@link ResultRoute}), where the rpc backend sends it. Without a backend
 * (Celery's {@code DisabledBackend}) nothing is stored.
 *
 * <p>A {@code SUCCESS} may be stored without waiting ({@link ResultBackend#storeAsync}); at most
 * {@link #MAX_IN_FLIGHT} such stores are unanswered at a time, and a thread that finds them all
 * taken stores and waits, which slows the pool to the backend's pace. Thread-safe.
 */
final class StoreResult {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long PID = ProcessHandle.current().pid();
  private static final CompletionStage<Void> STORED = CompletableFuture.completedStage(null);

  /** Unanswered stores that no thread waits for, at most. */
  static final int MAX_IN_FLIGHT = 256;

  private final ResultBackend backend;
  private final boolean extended;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  StoreResult(ResultBackend backend, boolean extended) {
    this.backend = backend;
    this.extended = extended;
  }

  /** Whether there is a backend to store to. */
  boolean enabled() {
    return backend != null;
  }

  /** {@code STARTED} with {@code {"pid", "hostname"}} (celery {@code trace_task}). */
  void started(TaskRequest request) {
    ObjectNode info = NODES.objectNode();
    info.put("pid", PID);
    info.put("hostname", request.hostname());
    store(request, TaskState.STARTED, info, null, null);
  }

  /**
   * {@code SUCCESS} with the return value.
   *
   * @param wait whether to return only once it is stored; otherwise the returned stage tells
   * @return completes when stored, exceptionally when storing failed
   * @throws io.jcelery.protocol.ProtocolException when the result cannot be encoded
   * @throws RuntimeException when storing failed and this call waited for it
   */
  CompletionStage<Void> succeeded(
      TaskRequest request, JsonNode result, ArrayNode children, boolean wait) {
    if (backend == null) {
      return STORED;
    }
    ResultMeta meta = meta(request, TaskState.SUCCESS, result, null, children);
    if (wait || !inFlight.tryAcquire()) {
      backend.store(meta, route(request));
      return STORED;
    }
    CompletionStage<Void> stored;
    try {
      stored = backend.storeAsync(meta, route(request));
    } catch (RuntimeException | Error e) {
      inFlight.release();
      throw e;
    }
    return stored.whenComplete((ignored, error) -> inFlight.release());
  }

  /** An exception state ({@code FAILURE}, {@code REVOKED}) with the exception dict. */
  void failed(TaskRequest request, TaskState state, ExceptionInfo exception, String traceback) {
    store(request, state, ExceptionTrees.toTree(exception), traceback, null);
  }

  /** {@code RETRY} with the exception dict, or no result when the retry named no exception. */
  void retried(TaskRequest request, ExceptionInfo exception, String traceback) {
    store(
        request,
        TaskState.RETRY,
        exception == null ? NODES.nullNode() : ExceptionTrees.toTree(exception),
        traceback,
        null);
  }

  private void store(
      TaskRequest request, TaskState state, JsonNode result, String traceback, ArrayNode children) {
    if (backend != null) {
      backend.store(meta(request, state, result, traceback, children), route(request));
    }
  }

  private ResultMeta meta(
      TaskRequest request, TaskState state, JsonNode result, String traceback, ArrayNode children) {
    String dateDone = state.isReady() ? ResultMetaCodec.dateDone(Instant.now()) : null;
    ResultMeta.Extended ext = null;
    if (extended) {
      ext =
          new ResultMeta.Extended(
              request.taskName(),
              request.args(),
              request.kwargs(),
              request.hostname(),
              request.headers().retries(),
              request.deliveryInfo().routingKey());
    }
    return new ResultMeta(
        state.name(),
        result,
        traceback,
        children != null ? children : NODES.arrayNode(),
        dateDone,
        emptyToNull(request.headers().group()),
        emptyToNull(request.headers().parentId()),
        ext,
        request.id());
  }

  private static ResultRoute route(TaskRequest request) {
    return new ResultRoute(request.properties().replyTo(), request.properties().correlationId());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
