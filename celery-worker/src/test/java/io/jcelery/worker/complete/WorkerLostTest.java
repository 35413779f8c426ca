package io.jcelery.worker.complete;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.memory.InMemoryResultBackend;
import io.jcelery.worker.LifecycleTasks;
import io.jcelery.worker.RecordingSettlement;
import io.jcelery.worker.WorkerOptions;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskRegistry;
import io.jcelery.worker.execute.TaskExecution;
import io.jcelery.worker.execute.TaskInvoker;
import io.jcelery.worker.execute.WorkerPool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link VirtualMachineError} escaping a task is Celery's {@code WorkerLostError}
 * ({@code Request.on_failure}: reject_on_worker_lost, acks_on_failure_or_timeout).
 */
class WorkerLostTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ResultBackend backend = InMemoryResultBackend.create(ResultBackendOptions.DEFAULT);
  private final TaskRegistry registry =
      TaskRegistry.scan(List.of(LifecycleTasks.class), TaskDefaults.CELERY);
  private final WorkerPool pool = WorkerPool.create(WorkerOptions.Pool.THREADS, 1);

  @AfterEach
  void tearDown() {
    pool.shutdown();
    backend.close();
  }

  private TaskRequest run(String task, CompletionOptions options, RecordingSettlement settlement) {
    TaskExecution execution =
        new TaskExecution(
            pool, new TaskInvoker(), new TaskCompleter(backend, options, FollowUps.NONE));
    TaskRequest request = request(task, "[]", "{}", settlement);
    execution.submit(request, registry.get(task));
    await().atMost(TIMEOUT).until(settlement::isSettled);
    return request;
  }

  @Test
  void aLateAckTaskThatRejectsOnWorkerLostGoesBackToTheQueueAndStoresNothing() {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = run("lost.requeue", CompletionOptions.CELERY, settlement);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.REQUEUED);
    assertThat(backend.get(request.id())).isEmpty();
  }

  @Test
  void otherwiseALateAckTaskFailsWithWorkerLostErrorAndIsAcked() {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = run("lost.late", CompletionOptions.CELERY, settlement);
    await().atMost(TIMEOUT).until(() -> backend.get(request.id()).isPresent());
    ResultMeta meta = backend.get(request.id()).orElseThrow();
    assertThat(meta.state()).isEqualTo(TaskState.FAILURE);
    assertThat(meta.result().get("exc_type").asText()).isEqualTo("WorkerLostError");
    assertThat(meta.result().get("exc_module").asText()).isEqualTo("billiard.exceptions");
    assertThat(meta.result().get("exc_message").get(0).asText())
        .startsWith("Worker exited prematurely: java.lang.OutOfMemoryError: simulated");
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.ACKED);
  }

  @Test
  void withoutAcksOnFailureALostLateAckTaskIsRejectedWithoutRequeue() {
    RecordingSettlement settlement = new RecordingSettlement();
    CompletionOptions noAckOnFailure =
        new CompletionOptions(false, CompletionOptions.CELERY.storeErrorsEvenIfIgnored(), false);
    run("lost.late", noAckOnFailure, settlement);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.REJECTED);
  }

  @Test
  void anEarlyAckTaskLostFailsWithWorkerLostError() {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = run("lost.early", CompletionOptions.CELERY, settlement);
    await().atMost(TIMEOUT).until(() -> backend.get(request.id()).isPresent());
    assertThat(backend.get(request.id()).orElseThrow().result().get("exc_type").asText())
        .isEqualTo("WorkerLostError");
  }
}
