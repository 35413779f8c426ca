package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.client.AsyncResult;
import io.jcelery.client.SendOptions;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.transport.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries end to end over memory://: Celery's {@code Task.retry} and {@code autoretry_for}. */
class WorkerRetryTest extends WorkerTestSupport {

  @BeforeEach
  void startWorker() {
    RetryTasks.reset();
    worker = new Worker(app, List.of(RetryTasks.class), options().concurrency(2).build());
    worker.start();
  }

  private ResultMeta awaitReady(AsyncResult result) {
    await().atMost(TIMEOUT).until(() -> result.meta().map(m -> m.state().isReady()).orElse(false));
    return result.meta().orElseThrow();
  }

  @Test
  void aRetriedTaskRunsAgainUnderTheSameIdWithRetriesCounted() {
    AsyncResult result = app.sendTask("retry.twice", List.of(), Map.of());
    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(2);
    assertThat(RetryTasks.RUNS).containsExactly(0, 1, 2);
  }

  @Test
  void exhaustedRetriesFailWithTheGivenCheckedException() {
    AsyncResult result = app.sendTask("retry.checked", List.of(), Map.of());
    ResultMeta meta = awaitReady(result);
    assertThat(meta.state()).isEqualTo(TaskState.FAILURE);
    assertThat(meta.result().toString())
        .isEqualTo(
            "{\"exc_type\":\"IOException\",\"exc_message\":[\"disk on fire\"],"
                + "\"exc_module\":\"java.io\"}");
    assertThat(RetryTasks.RUNS).containsExactly(0, 1);
  }

  @Test
  void exhaustedRetriesWithoutExceptionFailWithCeleryMaxRetriesExceededError() {
    AsyncResult result =
        app.sendTask(
            "retry.plain", List.of(7), Map.of(), SendOptions.builder().taskId("t-1").build());
    ResultMeta meta = awaitReady(result);
    assertThat(meta.result().toString())
        .isEqualTo(
            "{\"exc_type\":\"MaxRetriesExceededError\","
                + "\"exc_message\":[\"Can't retry retry.plain[t-1] args:(7,) kwargs:{}\"],"
                + "\"exc_module\":\"celery.exceptions\"}");
    assertThat(RetryTasks.RUNS).containsExactly(0);
  }

  @Test
  void autoretryForRetriesListedExceptionsUntilMaxRetriesThenFailsWithTheLastOne() {
    ResultMeta meta = awaitReady(app.sendTask("retry.auto", List.of(), Map.of()));
    assertThat(meta.state()).isEqualTo(TaskState.FAILURE);
    assertThat(meta.result().get("exc_message").toString()).isEqualTo("[\"attempt 2\"]");
    assertThat(RetryTasks.RUNS).containsExactly(0, 1, 2);
  }

  @Test
  void exceptionsNotListedInAutoretryForFailAtOnce() {
    ResultMeta meta = awaitReady(app.sendTask("retry.not_auto", List.of(), Map.of()));
    assertThat(meta.result().get("exc_type").asText()).isEqualTo("IllegalArgumentException");
    assertThat(RetryTasks.RUNS).containsExactly(0);
  }

  @Test
  void aLateAckTaskIsAckedWhenItRetriesAndTheQueueEmpties() {
    AsyncResult result = app.sendTask("retry.late", List.of(), Map.of());
    assertThat(result.get(TIMEOUT, String.class)).isEqualTo("done");
    try (Transport observer = observer()) {
      await().atMost(TIMEOUT).until(() -> observer.size(queue) == 0);
    }
    assertThat(RetryTasks.RUNS).containsExactly(0, 1);
  }
}
