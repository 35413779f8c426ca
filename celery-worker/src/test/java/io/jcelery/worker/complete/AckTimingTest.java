package io.jcelery.worker.complete;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.protocol.TaskState;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.memory.InMemoryResultBackend;
import io.jcelery.worker.RecordingSettlement;
import io.jcelery.worker.Tasks;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskRegistry;
import io.jcelery.worker.execute.TaskExecution;
import io.jcelery.worker.execute.TaskInvoker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the message is settled: early acks before the task runs, late acks after its result. */
class AckTimingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ResultBackend backend = InMemoryResultBackend.create(ResultBackendOptions.DEFAULT);
  private OneThreadWorker worker;

  @BeforeEach
  void setUp() {
    worker = new OneThreadWorker(backend);
  }

  @AfterEach
  void tearDown() {
    worker.close();
    backend.close();
  }

  private RecordingSettlement run(String task, String args) {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = request(task, args, "{}", settlement);
    worker.submit(request);
    return settlement;
  }

  @Test
  void earlyAckHappensWhenThePoolAcceptsTheTaskBeforeItRuns() {
    RecordingSettlement settlement = run("tasks.gated", "[1]");
    await().atMost(TIMEOUT).until(() -> Tasks.RUNNING.get() == 1);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.ACKED);
  }

  @Test
  void lateAckHappensOnlyAfterTheResultIsStored() {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = request("tasks.gated_late", "[5]", "{}", settlement);
    worker.submit(request);
    await().atMost(TIMEOUT).until(() -> Tasks.RUNNING.get() == 1);
    assertThat(settlement.isSettled()).isFalse();
    Tasks.gate.countDown();
    await().atMost(TIMEOUT).until(settlement::isSettled);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.ACKED);
    assertThat(backend.get(request.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void lateAckOfAFailureFollowsAcksOnFailureOrTimeout() {
    TaskRegistry late = TaskRegistry.scan(List.of(Tasks.class), new TaskDefaults(true, false, false));
    TaskExecution rejecting =
        new TaskExecution(
            worker.pool,
            new TaskInvoker(),
            new TaskCompleter(backend, new CompletionOptions(false, false, false), FollowUps.NONE));
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = request("tasks.fail", "[\"boom\"]", "{}", settlement);
    rejecting.submit(request, late.get("tasks.fail"));
    await().atMost(TIMEOUT).until(settlement::isSettled);
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.REJECTED);
    assertThat(backend.get(request.id()).orElseThrow().state()).isEqualTo(TaskState.FAILURE);
  }
}
