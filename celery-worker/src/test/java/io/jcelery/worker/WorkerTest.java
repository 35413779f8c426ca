package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.jcelery.client.AsyncResult;
import io.jcelery.client.RemoteTaskException;
import io.jcelery.client.SendOptions;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.Signature;
import io.jcelery.protocol.TaskState;
import io.jcelery.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkerTest extends WorkerTestSupport {

  private AsyncResult send(String task, List<?> args) {
    return app.sendTask(task, args, Map.of());
  }

  private void stillServing() {
    assertThat(send("tasks.add", List.of(1, 1)).get(TIMEOUT, Integer.class)).isEqualTo(2);
  }

  @Test
  void runsATaskAndStoresSuccess() {
    start(options());
    AsyncResult result = send("tasks.add", List.of(2, 3));
    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(5);
    ResultMeta meta = result.meta().orElseThrow();
    assertThat(meta.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(meta.dateDone()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    assertThat(meta.children()).isEmpty();
    assertThat(meta.extended()).isNull();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(logs.messages(Level.INFO))
                    .contains("Task tasks.add[" + result.id() + "] received")
                    .anyMatch(
                        m ->
                            m.matches(
                                "Task tasks\\.add\\["
                                    + result.id()
                                    + "] succeeded in [0-9.]+s: 5")));
    assertThat(logs.contains("test@localhost ready.")).isTrue();
  }

  @Test
  void bindsRecordsListsMapsArraysAndTheTaskContext() {
    start(options());
    AsyncResult result =
        app.sendTask(
            "tasks.describe",
            List.of(List.of(Map.of("x", 1, "y", 2))),
            Map.of("counts", Map.of("a", 2, "b", 3), "numbers", List.of(7, 8, 9)));
    JsonNode value = result.get(TIMEOUT);
    assertThat(value.get("id").asText()).isEqualTo(result.id());
    assertThat(value.get("points").toString()).isEqualTo("[{\"x\":1,\"y\":2}]");
    assertThat(value.get("total").asInt()).isEqualTo(5);
    assertThat(value.get("numbers").asInt()).isEqualTo(3);
    assertThat(value.get("queue").asText()).isEqualTo(queue);
  }

  @Test
  void wrongArgumentTypesFailWithTypeErrorAndTheWorkerGoesOn() {
    start(options());
    AsyncResult result = send("tasks.add", List.of("not a number", 2));
    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("TypeError");
              assertThat(e.excModule()).isEqualTo("builtins");
              assertThat(e.excMessage().get(0).asText())
                  .startsWith("add() argument 'x': cannot convert \"not a number\" to int");
            });
    AsyncResult missing = send("tasks.add", List.of(1));
    assertThatThrownBy(() -> missing.get(TIMEOUT))
        .hasMessageContaining("add() missing 1 required positional argument: 'y'");
    stillServing();
    assertThat(logs.messages(Level.ERROR))
        .anyMatch(m -> m.contains("tasks.add[" + result.id() + "] raised unexpected: TypeError"));
  }

  @Test
  void aTaskExceptionIsStoredWithTypeMessageAndJavaTraceback() {
    start(options());
    AsyncResult result = send("tasks.fail", List.of("boom"));
    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("IllegalArgumentException");
              assertThat(e.excModule()).isEqualTo("java.lang");
              assertThat(e.remoteMessage()).isEqualTo("boom");
            });
    assertThat(result.traceback())
        .contains("java.lang.IllegalArgumentException: boom")
        .contains("io.jcelery.worker.Tasks.fail");
    assertThat(logs.messages(Level.ERROR))
        .contains(
            "Task tasks.fail[" + result.id() + "] raised unexpected: IllegalArgumentException: boom");
    stillServing();
  }

  @Test
  void unregisteredTaskIsRejectedAndFailsWithNotRegistered() {
    start(options());
    AsyncResult result = send("tasks.no_such_task", List.of(1));
    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("NotRegistered");
              assertThat(e.excModule()).isEqualTo("celery.exceptions");
              assertThat(e.excMessage().get(0).asText()).isEqualTo("tasks.no_such_task");
            });
    assertThat(logs.messages(Level.ERROR))
        .anyMatch(m -> m.startsWith("Received unregistered task of type 'tasks.no_such_task'."));
    stillServing();
    try (Transport observer = observer()) {
      assertThat(observer.size(queue)).isZero();
    }
  }

  @Test
  void malformedBodyIsLoggedAndDropped() {
    start(options());
    String id = UUID.randomUUID().toString();
    publishRaw("application/json", "[[1, 2], {not json", Map.of("task", "tasks.add", "id", id));
    await()
        .atMost(TIMEOUT)
        .until(() -> logs.messages(Level.ERROR).stream().anyMatch(m -> m.startsWith("Can't decode message body")));
    stillServing();
    assertThat(app.asyncResult(id).meta()).isEmpty();
    try (Transport observer = observer()) {
      assertThat(observer.size(queue)).isZero();
    }
  }

  @Test
  void disallowedContentTypeIsRejectedWithALogLineAndNothingStored() {
    start(options());
    String id = UUID.randomUUID().toString();
    publishRaw(
        "application/x-python-serialize", "garbage", Map.of("task", "tasks.add", "id", id));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                logs.messages(Level.ERROR).stream()
                    .anyMatch(
                        m ->
                            m.startsWith(
                                "Received invalid task message: ContentDisallowed: Refusing to"
                                    + " deserialize untrusted content of type pickle")));
    stillServing();
    assertThat(app.asyncResult(id).meta()).isEmpty();
  }

  @Test
  void invalidEtaIsRejectedAsAnInvalidTask() {
    start(options());
    String id = UUID.randomUUID().toString();
    publishRaw(
        "application/json",
        "[[1, 2], {}, null]",
        Map.of("task", "tasks.add", "id", id, "eta", "not a date"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                logs.messages(Level.ERROR).stream()
                    .anyMatch(m -> m.contains("invalid ETA value 'not a date'")));
    stillServing();
    assertThat(app.asyncResult(id).meta()).isEmpty();
  }

  @Test
  void expiredTaskIsRevoked() {
    start(options());
    AsyncResult result =
        app.sendTask(
            "tasks.add",
            List.of(1, 2),
            Map.of(),
            SendOptions.builder()
                .expires(java.time.OffsetDateTime.now().minusMinutes(1))
                .build());
    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.state()).isEqualTo("REVOKED");
              assertThat(e.excType()).isEqualTo("TaskRevokedError");
              assertThat(e.excMessage().get(0).asText()).isEqualTo("expired");
            });
    assertThat(logs.messages()).contains("Discarding revoked task: tasks.add[" + result.id() + "]");
  }

  @Test
  void etaTaskIsHeldUntilDueWithoutBlockingOthers() {
    start(options().concurrency(1));
    AsyncResult later =
        app.sendTask(
            "tasks.add",
            List.of(20, 22),
            Map.of(),
            SendOptions.builder().countdown(Duration.ofMillis(300)).build());
    stillServing();
    assertThat(later.meta()).isEmpty();
    assertThat(later.get(TIMEOUT, Integer.class)).isEqualTo(42);
  }

  @Test
  void storesGroupParentAndExtendedFields() {
    reconfigure(Map.of("result_extended", true));
    start(options());
    AsyncResult result =
        app.sendTask(
            "tasks.add",
            List.of(1, 2),
            Map.of(),
            SendOptions.builder().groupId("g-1").parentId("p-1").build());
    result.get(TIMEOUT);
    ResultMeta meta = result.meta().orElseThrow();
    assertThat(meta.groupId()).isEqualTo("g-1");
    assertThat(meta.parentId()).isEqualTo("p-1");
    assertThat(meta.extended().name()).isEqualTo("tasks.add");
    assertThat(meta.extended().args().toString()).isEqualTo("[1,2]");
    assertThat(meta.extended().worker()).isEqualTo("test@localhost");
    assertThat(meta.extended().queue()).isEqualTo(queue);
  }

  @Test
  void tracksStartedWhenAskedTo() {
    reconfigure(Map.of("task_track_started", true));
    start(options());
    AsyncResult result = send("tasks.gated", List.of(7));
    await().atMost(TIMEOUT).until(() -> result.meta().map(ResultMeta::status).orElse(""), "STARTED"::equals);
    assertThat(result.info().get("hostname").asText()).isEqualTo("test@localhost");
    assertThat(result.info().get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    Tasks.gate.countDown();
    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(7);
  }

  @Test
  void sendsTheNextChainStepWithTheResultPrepended() {
    start(options());
    String nextId = UUID.randomUUID().toString();
    Signature next =
        new Signature(
            "tasks.add",
            io.jcelery.protocol.codec.ValueTree.mapper().createArrayNode().add(10),
            null,
            io.jcelery.protocol.codec.ValueTree.mapper().createObjectNode().put("task_id", nextId),
            null,
            false);
    AsyncResult first =
        app.sendTask(
            "tasks.add", List.of(1, 2), Map.of(), SendOptions.builder().chain(List.of(next)).build());
    assertThat(app.asyncResult(nextId).get(TIMEOUT, Integer.class)).isEqualTo(13);
    // Celery sends the next step before storing this task's result, so wait for it too.
    assertThat(first.get(TIMEOUT, Integer.class)).isEqualTo(3);
    ResultMeta meta = first.meta().orElseThrow();
    assertThat(meta.children().toString()).isEqualTo("[[[\"" + nextId + "\",null],null]]");
    assertThat(app.asyncResult(nextId).meta().orElseThrow().parentId()).isEqualTo(first.id());
  }

  @Test
  void soloPoolRunsTasksOnTheConsumerThread() {
    start(options().pool(WorkerOptions.Pool.SOLO));
    stillServing();
    assertThat(Tasks.LAST_THREAD.get()).doesNotStartWith("ThreadPoolWorker-");
  }

  @Test
  void prefetchLimitIsHonoured() {
    // Late acks: a running task keeps its slot, so 1 slot x multiplier 2 = 2 messages taken.
    start(options().concurrency(1).prefetchMultiplier(2));
    for (int i = 0; i < 5; i++) {
      send("tasks.gated_late", List.of(i));
    }
    try (Transport observer = observer()) {
      await().atMost(TIMEOUT).until(() -> observer.size(queue) == 3);
      await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> observer.size(queue) == 3);
      assertThat(Tasks.STARTED).hasValue(1);
    }
  }

  @Test
  void warmShutdownFinishesTheRunningTaskAndLeavesPrefetchedMessagesInTheQueue()
      throws InterruptedException {
    start(options().concurrency(1).prefetchMultiplier(4));
    AsyncResult running = send("tasks.gated", List.of(1));
    AsyncResult second = send("tasks.gated", List.of(2));
    AsyncResult third = send("tasks.gated", List.of(3));
    await().atMost(TIMEOUT).until(() -> Tasks.RUNNING.get() == 1);
    try (Transport observer = observer()) {
      await().atMost(TIMEOUT).until(() -> observer.size(queue) == 0);
      worker.shutdown();
      assertThat(worker.state()).isEqualTo(Worker.State.STOPPING);
      Tasks.gate.countDown();
      assertThat(worker.awaitTermination(TIMEOUT)).isTrue();
      assertThat(worker.state()).isEqualTo(Worker.State.TERMINATED);
      assertThat(running.get(TIMEOUT, Integer.class)).isEqualTo(1);
      assertThat(second.meta()).isEmpty();
      assertThat(third.meta()).isEmpty();
      assertThat(observer.size(queue)).isEqualTo(2);
      assertThat(Tasks.STARTED).hasValue(1);
    }
  }

  @Test
  void autoscaleTenThreeGrowsPastThreeUnderLoadAndShrinksBackToThreeWhenIdle() {
    start(
        options()
            .autoscale(10, 3)
            .autoscaleInterval(Duration.ofMillis(20))
            .autoscaleKeepalive(Duration.ofMillis(300)));
    List<AsyncResult> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(send("tasks.gated", List.of(i)));
    }
    await().atMost(TIMEOUT).until(() -> Tasks.RUNNING.get() == 8);
    assertThat(logs.messages()).anyMatch(m -> m.matches("Scaling up \\d+ processes\\."));
    Tasks.gate.countDown();
    for (AsyncResult r : results) {
      r.get(TIMEOUT);
    }
    await().atMost(TIMEOUT).until(() -> logs.contains("Scaling down 5 processes."));
    assertThat(Tasks.PEAK).hasValue(8);
  }

  @Test
  void startsOnlyOnceAndShutsDownBeforeStarting() throws InterruptedException {
    Worker unstarted = new Worker(app, List.of(Tasks.class), options().build());
    unstarted.shutdown();
    assertThat(unstarted.awaitTermination(Duration.ZERO)).isTrue();
    assertThatThrownBy(unstarted::start).isInstanceOf(IllegalStateException.class);
    assertThat(unstarted.registeredTasks()).contains("tasks.add", "tasks.gated_late");
  }
}
