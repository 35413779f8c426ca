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

/**
 * Writes task states to the result backend with the meta Celery 5.2.6 builds ({@code
 * celery/backends/base.py} {@code _get_result_meta}): {@code date_done} (naive UTC) only for ready
 * states, {@code group_id} / {@code parent_id} only when the request has them, the extended fields
 * only with {@code result_extended}. Each state goes with the request's {@code reply_to} and
 * {@code correlation_id} ({@link ResultRoute}), where the rpc backend sends it. Without a backend
 * (Celery's {@code DisabledBackend}) nothing is stored. Thread-safe.
 */
final class StoreResult {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long PID = ProcessHandle.current().pid();

  private final ResultBackend backend;
  private final boolean extended;

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

  /** {@code SUCCESS} with the return value. */
  void succeeded(TaskRequest request, JsonNode result, ArrayNode children) {
    store(request, TaskState.SUCCESS, result, null, children);
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
    if (backend == null) {
      return;
    }
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
    backend.store(
        new ResultMeta(
            state.name(),
            result,
            traceback,
            children != null ? children : NODES.arrayNode(),
            dateDone,
            emptyToNull(request.headers().group()),
            emptyToNull(request.headers().parentId()),
            ext,
            request.id()),
        new ResultRoute(request.properties().replyTo(), request.properties().correlationId()));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
