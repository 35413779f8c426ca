package io.jcelery.worker.complete;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.memory.InMemoryResultBackend;
import io.jcelery.transport.TransportException;
import io.jcelery.worker.RecordingSettlement;
import io.jcelery.worker.Retry;
import io.jcelery.worker.RetryTasks;
import io.jcelery.worker.WorkerOptions;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskRegistry;
import io.jcelery.worker.execute.TaskExecution;
import io.jcelery.worker.execute.TaskInvoker;
import io.jcelery.worker.execute.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the completion stage does with a retry: send, store RETRY, settle (celery handle_retry). */
class RetryCompletionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ResultBackend backend = InMemoryResultBackend.create(ResultBackendOptions.DEFAULT);
  private final TaskRegistry registry =
      TaskRegistry.scan(List.of(RetryTasks.class), TaskDefaults.CELERY);
  private final WorkerPool pool = WorkerPool.create(WorkerOptions.Pool.THREADS, 1);
  private final List<Retry> sent = new CopyOnWriteArrayList<>();
  private String lastId;

  @AfterEach
  void tearDown() {
    pool.shutdown();
    backend.close();
  }

  private RecordingSettlement run(String task, boolean publishFails) {
    FollowUps followUps =
        new FollowUps() {
          @Override
          public ArrayNode publish(TaskRequest request, JsonNode result) {
            return null;
          }

          @Override
          public void retry(TaskRequest request, Retry retry) {
            if (publishFails) {
              throw new TransportException("broker gone");
            }
            sent.add(retry);
          }
        };
    TaskExecution execution =
        new TaskExecution(
            pool, new TaskInvoker(), new TaskCompleter(backend, CompletionOptions.CELERY, followUps));
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = request(task, "[]", "{}", settlement);
    execution.submit(request, registry.get(task));
    lastId = request.id();
    await().atMost(TIMEOUT).until(settlement::isSettled);
    return settlement;
  }

  private ResultMeta awaitStored() {
    await().atMost(TIMEOUT).until(() -> backend.get(lastId).isPresent());
    return backend.get(lastId).orElseThrow();
  }

  @Test
  void aRetryIsSentThenStoredAsRetryWithoutResultAndALateAckMessageAcked() {
    RecordingSettlement settlement = run("retry.late", false);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.ACKED);
    ResultMeta meta = awaitStored();
    assertThat(sent).singleElement().satisfies(r -> assertThat(r.countdown()).hasMillis(50));
    assertThat(meta.state()).isEqualTo(TaskState.RETRY);
    assertThat(meta.result().isNull()).isTrue();
    assertThat(meta.traceback()).contains("io.jcelery.worker.Retry: Retry in 0.05s");
  }

  @Test
  void aRetryWithAnExceptionStoresThatException() {
    run("retry.checked", false);
    ResultMeta meta = awaitStored();
    assertThat(meta.state()).isEqualTo(TaskState.RETRY);
    assertThat(meta.result().get("exc_type").asText()).isEqualTo("IOException");
  }

  @Test
  void aRetryThatCannotBeSentRejectsALateAckMessageAndStoresNothing() {
    RecordingSettlement settlement = run("retry.late", true);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.REJECTED);
    assertThat(backend.get(lastId)).isEmpty();
  }
}
