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

/** Revocation by id (celery/worker/control.py {@code revoke}, request.py {@code revoked}). */
class WorkerRevokeTest extends WorkerTestSupport {

  @BeforeEach
  void startWorker() {
    RevokeTasks.reset();
    worker = new Worker(app, List.of(RevokeTasks.class), options().concurrency(2).build());
    worker.start();
  }

  @AfterEach
  void release() {
    RevokeTasks.released = true;
    RevokeTasks.gate.countDown();
  }

  private ResultMeta awaitRevoked(AsyncResult result) {
    await()
        .atMost(TIMEOUT)
        .until(() -> result.meta().map(m -> m.state() == TaskState.REVOKED).orElse(false));
    return result.meta().orElseThrow();
  }

  private static String revokedError(String reason) {
    return "{\"exc_type\":\"TaskRevokedError\",\"exc_message\":[\"" + reason
        + "\"],\"exc_module\":\"celery.exceptions\"}";
  }

  @Test
  void aHeldEtaTaskRevokedByIdIsDiscardedWhenDueAndNeverRuns() {
    AsyncResult held =
        app.sendTask(
            "revoke.record",
            List.of(),
            Map.of(),
            SendOptions.builder().countdown(Duration.ofMillis(500)).build());
    await().atMost(TIMEOUT).until(() -> logs.contains("Task revoke.record[" + held.id() + "] received"));
    assertThat(worker.revoke(List.of(held.id()), false)).isEmpty();
    assertThat(awaitRevoked(held).result().toString()).isEqualTo(revokedError("revoked"));
    assertThat(RevokeTasks.STARTED).doesNotContain(held.id());
    assertThat(logs.contains("Discarding revoked task: revoke.record[" + held.id() + "]")).isTrue();
    assertThat(logs.contains("Tasks flagged as revoked: " + held.id())).isTrue();
  }

  @Test
  void aQueuedTaskRevokedWhileWaitingForASlotIsDiscardedWhenItsTurnComes() {
    AsyncResult first = app.sendTask("revoke.block", List.of(), Map.of());
    AsyncResult second = app.sendTask("revoke.block", List.of(), Map.of());
    await().atMost(TIMEOUT).until(() -> RevokeTasks.STARTED.size() == 2);
    AsyncResult queued = app.sendTask("revoke.record", List.of(), Map.of());
    await().atMost(TIMEOUT).until(() -> logs.contains("revoke.record[" + queued.id() + "] received"));
    worker.revoke(List.of(queued.id()), false);
    RevokeTasks.gate.countDown();
    assertThat(first.get(TIMEOUT, String.class)).isEqualTo("unblocked");
    assertThat(second.get(TIMEOUT, String.class)).isEqualTo("unblocked");
    awaitRevoked(queued);
    assertThat(RevokeTasks.STARTED).doesNotContain(queued.id());
    try (Transport observer = observer()) {
      await().atMost(TIMEOUT).until(() -> observer.size(queue) == 0);
    }
  }

  @Test
  void terminateStopsARunningTaskThatIgnoresInterruptsAndFreesItsSlot() {
    AsyncResult stubborn = app.sendTask("revoke.stubborn", List.of(), Map.of());
    await().atMost(TIMEOUT).until(() -> RevokeTasks.STARTED.contains(stubborn.id()));
    long start = System.nanoTime();
    assertThat(worker.revoke(List.of(stubborn.id()), true)).containsExactly(stubborn.id());
    ResultMeta meta = awaitRevoked(stubborn);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(meta.result().toString()).isEqualTo(revokedError("terminated"));
    // Both slots serve new tasks although the stubborn thread still spins.
    AsyncResult a = app.sendTask("revoke.block", List.of(), Map.of());
    AsyncResult b = app.sendTask("revoke.block", List.of(), Map.of());
    await().atMost(TIMEOUT).until(() -> RevokeTasks.STARTED.containsAll(List.of(a.id(), b.id())));
    RevokeTasks.gate.countDown();
    assertThat(a.get(TIMEOUT, String.class)).isEqualTo("unblocked");
    // The stubborn task's late return stores nothing over REVOKED.
    RevokeTasks.released = true;
    await()
        .during(Duration.ofMillis(200))
        .atMost(TIMEOUT)
        .until(() -> stubborn.meta().orElseThrow().state() == TaskState.REVOKED);
  }

  @Test
  void terminateOfAnIdThatIsNotRunningOnlyFlagsIt() {
    assertThat(worker.revoke(List.of("not-here"), true)).isEmpty();
    assertThat(worker.isRevoked("not-here")).isTrue();
    AsyncResult later =
        app.sendTask(
            "revoke.record", List.of(), Map.of(), SendOptions.builder().taskId("not-here").build());
    awaitRevoked(later);
    assertThat(RevokeTasks.STARTED).isEmpty();
  }

  @Test
  void expiredTasksAreRememberedAsRevoked() {
    AsyncResult expired =
        app.sendTask(
            "revoke.record",
            List.of(),
            Map.of(),
            SendOptions.builder().expires(Duration.ofMillis(-1000)).build());
    awaitRevoked(expired);
    assertThat(worker.isRevoked(expired.id())).isTrue();
  }

  @Test
  void aTaskRevokesAnotherThroughItsContext() {
    AsyncResult running = app.sendTask("revoke.block", List.of(), Map.of());
    await().atMost(TIMEOUT).until(() -> RevokeTasks.STARTED.contains(running.id()));
    AsyncResult revoker =
        app.sendTask("revoke.revoke", List.of(List.of(running.id()), true), Map.of());
    assertThat(revoker.get(TIMEOUT, List.class)).containsExactly(running.id());
    assertThat(awaitRevoked(running).result().toString()).isEqualTo(revokedError("terminated"));
  }
}
