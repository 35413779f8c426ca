package io.jcelery.worker.complete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ExceptionInfo;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.ExceptionTrees;
import io.jcelery.protocol.codec.PythonRepr;
import io.jcelery.protocol.codec.ValueTree;
import io.jcelery.results.ResultBackend;
import io.jcelery.transport.Settlement;
import io.jcelery.worker.MaxRetriesExceededError;
import io.jcelery.worker.Retry;
import io.jcelery.worker.SoftTimeLimitExceeded;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.ArgumentBindingException;
import io.jcelery.worker.dispatch.RegisteredTask;
import io.jcelery.worker.execute.ExecutionListener;
import io.jcelery.worker.execute.Outcome;
import io.jcelery.worker.execute.TimeLimitExceeded;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage: stores states, sends follow-ups, logs and settles, as Celery's {@code
 * celery/app/trace.py} and {@code celery/worker/request.py} do.
 *
 * <ul>
 *   <li>accepted: early-ack tasks are acked now, before they run; {@code STARTED} is stored for
 *       track_started tasks;
 *   <li>succeeded: callbacks and the next chain step are sent, then {@code SUCCESS} is stored
 *       unless the task or the message ignores results; a return value that cannot be stored
 *       fails the task instead. The pool thread waits for the store only when the message is
 *       acked late; an early-ack message was acked already, so its thread goes on while the
 *       backend answers ({@link ResultBackend#storeAsync});
 *   <li>failed: {@code FAILURE} with the exception dict and the Java stack trace as traceback
 *       (unless the task ignores results and {@code task_store_errors_even_if_ignored} is off);
 *       argument binding errors are stored as Python's {@code TypeError}; a hard time limit as
 *       billiard's {@code TimeLimitExceeded(<seconds>)} without traceback, a soft one as {@code
 *       celery.exceptions.SoftTimeLimitExceeded()};
 *   <li>late-ack tasks are acked after the state is stored, failures too unless {@code
 *       task_acks_on_failure_or_timeout} is off (then rejected without requeue).
 * </ul>
 *
 * <p>Never throws; backend errors are logged. Thread-safe.
 *
 * @since 0.1
 */
public final class TaskCompleter implements ExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(TaskCompleter.class);

  /** Celery's {@code resultrepr_maxsize}. */
  private static final int RESULT_REPR_MAXSIZE = 1024;

  private static final CompletionStage<Boolean> ACK = CompletableFuture.completedStage(true);
  private static final CompletionStage<Boolean> NO_ACK = CompletableFuture.completedStage(false);
  private static final CompletionStage<Void> REPORTED = CompletableFuture.completedStage(null);

  private static final String UNKNOWN_TASK_ERROR =
      """
      Received unregistered task of type '{}'.
      The message has been ignored and discarded.

      Did you remember to list the class containing this task (-A)?
      Or maybe its @CeleryTask name differs from the name the producer sends?

      The full contents of the message headers:
      {}

      The delivery info for this task is:
      {}""";

  private final StoreResult results;
  private final CompletionOptions options;
  private final FollowUps followUps;

  /**
   * @param backend where states are stored; null stores nothing (no {@code result_backend})
   * @param options the settings followed
   * @param followUps sends callbacks and chain steps
   */
  public TaskCompleter(ResultBackend backend, CompletionOptions options, FollowUps followUps) {
    this.results = new StoreResult(backend, options.resultExtended());
    this.options = options;
    this.followUps = followUps;
  }

  @Override
  public void onAccepted(TaskRequest request, RegisteredTask task) {
    if (!task.acksLate()) {
      settle(request, true);
    }
    if (task.trackStarted()) {
      guard(request, "STARTED", () -> results.started(request));
    }
  }

  @Override
  public CompletionStage<?> onOutcome(
      TaskRequest request, RegisteredTask task, Outcome outcome) {
    if (outcome instanceof Outcome.Failed f && f.error() instanceof VirtualMachineError lost) {
      workerLost(request, task, lost);
      return REPORTED;
    }
    CompletionStage<Boolean> ok = NO_ACK;
    try {
      if (outcome instanceof Outcome.Succeeded s) {
        ok = succeeded(request, task, s);
      } else if (outcome instanceof Outcome.Failed f) {
        failed(request, task, f.error(), f.runtime());
      } else if (outcome instanceof Outcome.Retried r) {
        ok = retried(request, task, r.retry()) ? ACK : NO_ACK;
      } else if (outcome instanceof Outcome.Revoked r) {
        revoked(request, task, r.reason());
        ok = ACK;
      }
    } catch (RuntimeException e) {
      log.error("Task handler raised error: {}", e.toString(), e);
    }
    if (!task.acksLate()) {
      return ok;
    }
    // Late-ack stores were waited for: the stage is complete and this settles now.
    return ok.thenAccept(acked -> settle(request, acked || options.acksOnFailureOrTimeout()));
  }

  /** Logs a SUCCESS that could not be stored; the message is settled as a success all the same. */
  private void storeFailed(TaskRequest request, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    log.error("Cannot store the result of {}: {}", request, cause.toString(), cause);
  }

  /**
   * @return completes with whether the message is to be acked: once the result is stored, or at
   *     once when the thread waited for the store or nothing is stored
   */
  private CompletionStage<Boolean> succeeded(
      TaskRequest request, RegisteredTask task, Outcome.Succeeded outcome) {
    JsonNode result;
    try {
      result = ValueTree.toTree(outcome.value());
    } catch (IllegalArgumentException e) {
      // Celery: an EncodeError while storing the result fails the task (trace_task).
      failed(request, task, e, outcome.runtime());
      return NO_ACK;
    }
    ArrayNode children = followUps.publish(request, result);
    CompletionStage<Boolean> stored = ACK;
    if (results.enabled() && !task.ignoreResult() && !request.headers().ignoreResult()) {
      try {
        stored =
            results
                .succeeded(request, result, children, task.acksLate())
                .handle(
                    (ignored, error) -> {
                      if (error != null) {
                        storeFailed(request, error);
                      }
                      return true;
                    });
      } catch (RuntimeException e) {
        if (e instanceof ProtocolException) {
          failed(request, task, e, outcome.runtime());
          return NO_ACK;
        }
        storeFailed(request, e);
      }
    }
    if (log.isInfoEnabled()) {
      log.info(
          "Task {}[{}] succeeded in {}s: {}",
          request.name(),
          request.id(),
          seconds(outcome.runtime()),
          PythonRepr.saferepr(result, RESULT_REPR_MAXSIZE));
    }
    return stored;
  }

  /**
   * Celery's {@code Task.retry} then {@code handle_retry}: the task is sent again, {@code RETRY}
   * stored with the exception (no result without one) and the traceback, and the message acked.
   * A retry that cannot be sent is Celery's {@code Reject(exc, requeue=False)}: logged, the message
   * rejected, nothing stored.
   *
   * @return whether the message is to be acked
   */
  private boolean retried(TaskRequest request, RegisteredTask task, Retry retry) {
    try {
      followUps.retry(request, retry);
    } catch (RuntimeException e) {
      log.error(
          "Task {}[{}] raised unexpected: Reject({}): cannot send the retry",
          request.name(),
          request.id(),
          e.toString(),
          e);
      settle(request, false);
      return false;
    }
    if (!task.ignoreResult() || options.storeErrorsEvenIfIgnored()) {
      Throwable exc = retry.exc();
      guard(
          request,
          "RETRY",
          () ->
              results.retried(
                  request, exc == null ? null : ExceptionTrees.of(exc), ExceptionTrees.traceback(retry)));
    }
    log.info("Task {}[{}] retry: {}", request.name(), request.id(), retry.getMessage());
    return true;
  }

  private void failed(TaskRequest request, RegisteredTask task, Throwable error, Duration runtime) {
    ExceptionInfo info;
    // Request.on_timeout: a hard time limit has the limit as its only argument and no traceback.
    String traceback =
        error instanceof TimeLimitExceeded ? null : ExceptionTrees.traceback(error);
    if (error instanceof TimeLimitExceeded timeout) {
      info =
          new ExceptionInfo(
              "TimeLimitExceeded",
              JsonNodeFactory.instance.arrayNode().add(ValueTree.toTree(timeout.pythonLimit())),
              TimeLimitExceeded.PYTHON_MODULE);
    } else if (error instanceof SoftTimeLimitExceeded) {
      // billiard raises SoftTimeLimitExceeded() without arguments.
      info =
          new ExceptionInfo(
              "SoftTimeLimitExceeded",
              JsonNodeFactory.instance.arrayNode(),
              SoftTimeLimitExceeded.PYTHON_MODULE);
      log.error(
          "Task {}[{}] raised unexpected: {}", request.name(), request.id(), describe(error), error);
    } else if (error instanceof MaxRetriesExceededError) {
      info = pythonException("MaxRetriesExceededError", MaxRetriesExceededError.PYTHON_MODULE,
          error.getMessage());
      log.error(
          "Task {}[{}] raised unexpected: {}", request.name(), request.id(), describe(error), error);
    } else if (error instanceof ArgumentBindingException) {
      info = pythonException(ArgumentBindingException.PYTHON_TYPE, "builtins", error.getMessage());
      log.error(
          "Task {}[{}] raised unexpected: {}: {}",
          request.name(),
          request.id(),
          ArgumentBindingException.PYTHON_TYPE,
          error.getMessage());
    } else {
      info = ExceptionTrees.of(error);
      log.error(
          "Task {}[{}] raised unexpected: {}", request.name(), request.id(), describe(error), error);
    }
    if (!task.ignoreResult() || options.storeErrorsEvenIfIgnored()) {
      String storedTraceback = traceback;
      guard(
          request,
          "FAILURE",
          () -> results.failed(request, TaskState.FAILURE, info, storedTraceback));
    }
    followUps.publishErrbacks(request, error);
    log.debug("Task {}[{}] failed after {}s", request.name(), request.id(), seconds(runtime));
  }

  /**
   * A {@link VirtualMachineError} escaped the task: the JVM counterpart of Celery's pool child
   * dying ({@code WorkerLostError}, {@code Request.on_failure}). A late-ack task that rejects on
   * worker lost goes back to its queue and stores nothing; otherwise {@code FAILURE} with {@code
   * WorkerLostError} is stored and a late-ack message is acked, or rejected without requeue when
   * {@code task_acks_on_failure_or_timeout} is off.
   */
  private void workerLost(TaskRequest request, RegisteredTask task, VirtualMachineError error) {
    String reason = "Worker exited prematurely: " + error + " in the task's thread.";
    if (task.acksLate() && task.rejectOnWorkerLost()) {
      log.error("Task handler raised error: WorkerLostError('{}'); requeued", reason, error);
      requeue(request);
      return;
    }
    log.error("Task handler raised error: WorkerLostError('{}')", reason, error);
    if (!task.ignoreResult() || options.storeErrorsEvenIfIgnored()) {
      ExceptionInfo info = pythonException("WorkerLostError", "billiard.exceptions", reason);
      guard(request, "FAILURE", () -> results.failed(request, TaskState.FAILURE, info, null));
    }
    if (task.acksLate()) {
      settle(request, options.acksOnFailureOrTimeout());
    }
  }

  /**
   * No task of the requested name (Celery's {@code on_unknown_task}): logged, rejected without
   * requeue, and {@code FAILURE} with {@code NotRegistered(name)} stored.
   */
  public void unregistered(TaskRequest request) {
    log.error(
        UNKNOWN_TASK_ERROR,
        request.taskName(),
        request.delivery().message().headers(),
        request.deliveryInfo());
    settle(request, false);
    ExceptionInfo info = pythonException("NotRegistered", "celery.exceptions", request.taskName());
    guard(request, "FAILURE", () -> results.failed(request, TaskState.FAILURE, info, null));
  }

  /**
   * The request was revoked before running, e.g. it expired (Celery's {@code
   * Request._announce_revoked}): {@code REVOKED} with {@code TaskRevokedError(reason)} is stored,
   * then the message acked.
   *
   * @param task the task, whose ignore_result decides whether the state is stored
   */
  public void revoked(TaskRequest request, RegisteredTask task, String reason) {
    if (!task.ignoreResult() || options.storeErrorsEvenIfIgnored()) {
      ExceptionInfo info = pythonException("TaskRevokedError", "celery.exceptions", reason);
      guard(request, "REVOKED", () -> results.failed(request, TaskState.REVOKED, info, null));
    }
    settle(request, true);
  }

  private void guard(TaskRequest request, String state, Runnable store) {
    try {
      store.run();
    } catch (RuntimeException e) {
      log.error("Cannot store {} for {}: {}", state, request, e.toString(), e);
    }
  }

  private static void settle(TaskRequest request, boolean ack) {
    Settlement settlement = request.settlement();
    if (settlement.isSettled()) {
      return;
    }
    try {
      if (ack) {
        settlement.ack();
      } else {
        settlement.reject(false);
      }
    } catch (RuntimeException e) {
      log.error("Cannot {} message of {}: {}", ack ? "ack" : "reject", request, e.toString(), e);
    }
  }

  private static void requeue(TaskRequest request) {
    Settlement settlement = request.settlement();
    if (settlement.isSettled()) {
      return;
    }
    try {
      settlement.reject(true);
    } catch (RuntimeException e) {
      log.error("Cannot requeue message of {}: {}", request, e.toString(), e);
    }
  }

  private static ExceptionInfo pythonException(String type, String module, String message) {
    return new ExceptionInfo(type, JsonNodeFactory.instance.arrayNode().add(message), module);
  }

  /** {@code SimpleName: message}, the Java counterpart of Python's {@code ValueError('boom')}. */
  static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    return error.getMessage() == null ? name : name + ": " + error.getMessage();
  }

  /** Seconds with up to nanosecond digits and no trailing zeros: {@code 0.001234}. */
  static String seconds(Duration runtime) {
    return BigDecimal.valueOf(runtime.toNanos(), 9).stripTrailingZeros().toPlainString();
  }
}
