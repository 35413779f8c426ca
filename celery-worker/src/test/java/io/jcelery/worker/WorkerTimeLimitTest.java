package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.client.AsyncResult;
import io.jcelery.client.SendOptions;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hard and soft time limits (celery {@code Request.on_timeout}, billiard's soft limit signal). */
class WorkerTimeLimitTest extends WorkerTestSupport {

  private static final int CONCURRENCY = 2;

  @BeforeEach
  void resetTasks() {
    TimeLimitTasks.reset(CONCURRENCY);
  }

  @AfterEach
  void releaseStubbornTasks() {
    TimeLimitTasks.released = true;
  }

  private void startWorker() {
    worker =
        new Worker(
            app,
            List.of(TimeLimitTasks.class),
            options().concurrency(CONCURRENCY).build());
    worker.start();
  }

  private AsyncResult send(String task) {
    return app.sendTask(task, List.of(), Map.of());
  }

  private static ResultMeta awaitFailure(AsyncResult result, Duration within) {
    await()
        .atMost(within)
        .until(() -> result.meta().map(m -> m.status().equals("FAILURE")).orElse(false));
    return result.meta().orElseThrow();
  }

  @Test
  void hardLimitFailsAStuckTaskInTimeAndFreesEverySlot() {
    startWorker();
    List<AsyncResult> stuck = List.of(send("tasks.stubborn"), send("tasks.stubborn"));
    for (AsyncResult result : stuck) {
      ResultMeta meta = awaitFailure(result, Duration.ofMillis(1500));
      assertThat(meta.result().toString())
          .isEqualTo(
              "{\"exc_type\":\"TimeLimitExceeded\",\"exc_message\":[0.5],"
                  + "\"exc_module\":\"billiard.exceptions\"}");
      assertThat(meta.traceback()).isNull();
    }
    // Both stuck threads still run, yet CONCURRENCY new tasks run at the same time.
    List<AsyncResult> next = List.of(send("tasks.rendezvous"), send("tasks.rendezvous"));
    for (AsyncResult result : next) {
      assertThat(result.get(TIMEOUT, Boolean.class)).isTrue();
    }
    assertThat(TimeLimitTasks.RETURNED).hasValue(0);
  }

  @Test
  void warmShutdownDoesNotWaitForAThreadAbandonedByItsHardLimit() throws InterruptedException {
    startWorker();
    awaitFailure(send("tasks.stubborn"), Duration.ofMillis(1500));
    worker.shutdown();
    assertThat(worker.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(TimeLimitTasks.RETURNED).hasValue(0);
    assertThat(logs.contains("Not waiting for task threads abandoned")).isTrue();
  }

  @Test
  void theSoloPoolStoresTheHardLimitFailureThoughItsOnlyThreadStaysBusy() {
    worker =
        new Worker(
            app,
            List.of(TimeLimitTasks.class),
            options().pool(WorkerOptions.Pool.SOLO).build());
    worker.start();
    AsyncResult stuck = send("tasks.stubborn");
    ResultMeta meta = awaitFailure(stuck, Duration.ofMillis(1500));
    assertThat(meta.result().get("exc_type").asText()).isEqualTo("TimeLimitExceeded");
    TimeLimitTasks.reset(1);
    AsyncResult next = send("tasks.rendezvous");
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> next.meta().isEmpty());
    TimeLimitTasks.released = true;
    assertThat(next.get(TIMEOUT, Boolean.class)).isTrue();
  }

  @Test
  void aLateReturnOfAnAbandonedTaskStoresNothing() {
    startWorker();
    AsyncResult result = send("tasks.stubborn");
    awaitFailure(result, Duration.ofMillis(1500));
    TimeLimitTasks.released = true;
    await().atMost(TIMEOUT).until(() -> TimeLimitTasks.RETURNED.get() == 1);
    await()
        .during(Duration.ofMillis(200))
        .atMost(TIMEOUT)
        .until(() -> result.meta().orElseThrow().status().equals("FAILURE"));
    TimeLimitTasks.reset(1);
    assertThat(send("tasks.rendezvous").get(TIMEOUT, Boolean.class)).isTrue();
  }

  @Test
  void hardLimitAcksALateAckMessage() {
    startWorker();
    AsyncResult result = send("tasks.stubborn_late");
    awaitFailure(result, Duration.ofMillis(1500));
    try (Transport observer = observer()) {
      await().atMost(TIMEOUT).until(() -> observer.size(queue) == 0);
    }
    assertThat(result.state()).isEqualTo(TaskState.FAILURE);
  }

  @Test
  void headerLimitsOverrideTheTasksOwn() {
    startWorker();
    AsyncResult result =
        app.sendTask(
            "tasks.stubborn_long",
            List.of(),
            Map.of(),
            SendOptions.builder().timeLimit(Duration.ofMillis(250)).build());
    ResultMeta meta = awaitFailure(result, Duration.ofMillis(1500));
    assertThat(meta.result().get("exc_type").asText()).isEqualTo("TimeLimitExceeded");
    assertThat(meta.result().get("exc_message").toString()).isEqualTo("[0.25]");
  }

  @Test
  void softLimitIsASoftTimeLimitExceededTheTaskCanCatch() {
    startWorker();
    assertThat(send("tasks.soft_catch").get(TIMEOUT, String.class)).isEqualTo("cleaned up");
  }

  @Test
  void anUncaughtSoftLimitFailsTheTaskWithCeleryExceptionsSoftTimeLimitExceeded() {
    startWorker();
    ResultMeta meta = awaitFailure(send("tasks.soft_sleep"), TIMEOUT);
    assertThat(meta.result().toString())
        .isEqualTo(
            "{\"exc_type\":\"SoftTimeLimitExceeded\",\"exc_message\":[],"
                + "\"exc_module\":\"celery.exceptions\"}");
    assertThat(meta.traceback()).contains("SoftTimeLimitExceeded");
  }

  @Test
  void softLimitFromTheHeaderOverridesTheTasksOwn() {
    startWorker();
    AsyncResult result =
        app.sendTask(
            "tasks.stubborn_long",
            List.of(),
            Map.of(),
            SendOptions.builder()
                .timeLimit(Duration.ofMillis(800))
                .softTimeLimit(Duration.ofMillis(100))
                .build());
    ResultMeta meta = awaitFailure(result, Duration.ofMillis(2000));
    assertThat(meta.result().get("exc_message").toString()).isEqualTo("[0.8]");
    assertThat(
            logs.contains(
                "Soft time limit (0.1s) exceeded for tasks.stubborn_long[" + result.id() + "]"))
        .isTrue();
  }

  @Test
  void theTaskTimeLimitSettingAppliesToTasksWithoutLimits() {
    reconfigure(Map.of("task_time_limit", 0.3));
    startWorker();
    ResultMeta meta = awaitFailure(send("tasks.stubborn_plain"), Duration.ofMillis(1500));
    assertThat(meta.result().get("exc_message").toString()).isEqualTo("[0.3]");
  }
}
