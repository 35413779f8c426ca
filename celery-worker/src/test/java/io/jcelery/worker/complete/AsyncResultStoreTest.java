package io.jcelery.worker.complete;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultRoute;
import io.jcelery.results.memory.InMemoryResultBackend;
import io.jcelery.worker.RecordingSettlement;
import io.jcelery.worker.Tasks;
import io.jcelery.worker.decode.TaskRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SUCCESS of an early-ack task is stored without the pool thread waiting for the backend; the
 * worker still waits for such stores before it calls itself idle, and late-ack tasks still wait.
 */
class AsyncResultStoreTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HeldBackend backend = new HeldBackend();
  private OneThreadWorker worker;

  @BeforeEach
  void setUp() {
    worker = new OneThreadWorker(backend);
  }

  @AfterEach
  void tearDown() {
    Tasks.gate.countDown();
    backend.answerAll();
    worker.close();
    backend.close();
  }

  private TaskRequest submit(String task, String args, RecordingSettlement settlement) {
    TaskRequest request = request(task, args, "{}", settlement);
    worker.submit(request);
    return request;
  }

  @Test
  void aSingleThreadRunsTheNextTaskWhileTheBackendHasNotAnsweredTheLastStore() {
    TaskRequest first = submit("tasks.add", "[1, 2]", new RecordingSettlement());
    TaskRequest second = submit("tasks.add", "[3, 4]", new RecordingSettlement());

    await().atMost(TIMEOUT).until(() -> backend.held.size() == 2);
    assertThat(backend.get(first.id())).isEmpty();

    backend.answerAll();
    assertThat(backend.get(first.id()).orElseThrow().result().intValue()).isEqualTo(3);
    assertThat(backend.get(second.id()).orElseThrow().result().intValue()).isEqualTo(7);
    assertThat(backend.storedWaiting).hasValue(0);
  }

  @Test
  void theWorkerIsIdleOnlyOnceTheBackendAnsweredEveryStore() throws InterruptedException {
    submit("tasks.add", "[1, 2]", new RecordingSettlement());
    await().atMost(TIMEOUT).until(() -> backend.held.size() == 1);

    assertThat(worker.execution.reserved()).as("the pool thread is free").isZero();
    assertThat(worker.execution.awaitIdle(Duration.ofMillis(200))).isFalse();

    backend.answerAll();
    assertThat(worker.execution.awaitIdle(TIMEOUT)).isTrue();
  }

  @Test
  void aLateAckTaskWaitsForItsStoreAndIsAckedAfterIt() {
    Tasks.gate.countDown();
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = submit("tasks.gated_late", "[5]", settlement);

    await().atMost(TIMEOUT).until(settlement::isSettled);

    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.ACKED);
    assertThat(backend.storedWaiting).hasValue(1);
    assertThat(backend.held).isEmpty();
    assertThat(backend.get(request.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void aStoreTheBackendFailsLeavesTheWorkerIdleAndTheMessageAcked() throws InterruptedException {
    RecordingSettlement settlement = new RecordingSettlement();
    TaskRequest request = submit("tasks.add", "[1, 2]", settlement);
    await().atMost(TIMEOUT).until(() -> backend.held.size() == 1);

    backend.held.remove(0).fail(new ResultBackendException("Redis went away"));

    assertThat(worker.execution.awaitIdle(TIMEOUT)).isTrue();
    assertThat(settlement.outcome()).isEqualTo(RecordingSettlement.Outcome.ACKED);
    assertThat(backend.get(request.id())).isEmpty();
  }

  @Test
  void beyondTheInFlightLimitAThreadStoresAndWaits() {
    StoreResult results = new StoreResult(backend, false);
    for (int i = 0; i < StoreResult.MAX_IN_FLIGHT; i++) {
      results.succeeded(request("tasks.add", "[]", "{}"), number(i), null, false);
    }
    assertThat(backend.held).hasSize(StoreResult.MAX_IN_FLIGHT);
    assertThat(backend.storedWaiting).hasValue(0);

    results.succeeded(request("tasks.add", "[]", "{}"), number(-1), null, false);
    assertThat(backend.storedWaiting).hasValue(1);

    backend.answerAll();
    results.succeeded(request("tasks.add", "[]", "{}"), number(-2), null, false);
    assertThat(backend.held).as("answered stores free their places").hasSize(1);
  }

  private static com.fasterxml.jackson.databind.JsonNode number(int value) {
    return JsonNodeFactory.instance.numberNode(value);
  }

  /** An in-memory backend whose storeAsync answers only when the test says so. */
  private static final class HeldBackend implements ResultBackend {
    private final ResultBackend memory = InMemoryResultBackend.create(ResultBackendOptions.DEFAULT);
    final List<Held> held = new CopyOnWriteArrayList<>();
    final AtomicInteger storedWaiting = new AtomicInteger();

    record Held(ResultBackend memory, ResultMeta meta, CompletableFuture<Void> reply) {
      void answer() {
        memory.store(meta);
        reply.complete(null);
      }

      void fail(RuntimeException error) {
        reply.completeExceptionally(error);
      }
    }

    void answerAll() {
      while (!held.isEmpty()) {
        held.remove(0).answer();
      }
    }

    @Override
    public void store(ResultMeta meta) {
      storedWaiting.incrementAndGet();
      memory.store(meta);
    }

    @Override
    public CompletionStage<Void> storeAsync(ResultMeta meta, ResultRoute route) {
      CompletableFuture<Void> reply = new CompletableFuture<>();
      held.add(new Held(memory, meta, reply));
      return reply;
    }

    @Override
    public Optional<ResultMeta> get(String taskId) {
      return memory.get(taskId);
    }

    @Override
    public Optional<ResultMeta> awaitReady(String taskId, Duration timeout) {
      return memory.awaitReady(taskId, timeout);
    }

    @Override
    public void forget(String taskId) {
      memory.forget(taskId);
    }

    @Override
    public void close() {
      memory.close();
    }
  }
}
