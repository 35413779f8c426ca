package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.RemoteTaskException;
import io.jcelery.client.SendOptions;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.protocol.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worker with {@code result_backend = rpc://}: states go to each request's reply_to. */
class WorkerRpcBackendTest extends WorkerTestSupport {

  private Celery client;

  @Override
  CelerySettings.Builder settings() {
    return super.settings().set("result_backend", "rpc://").set("task_track_started", true);
  }

  @BeforeEach
  void startClient() {
    client = Celery.create(settings().build());
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  @DisplayName("a client gets STARTED, then the return value, from its own reply queue")
  void clientGetsStartedThenSuccess() {
    start(options());

    AsyncResult result = client.sendTask("tasks.gated", List.of(7), Map.of());

    await().atMost(TIMEOUT).until(() -> result.state() == TaskState.STARTED);
    assertThat(result.info().get("hostname").asText()).isEqualTo("test@localhost");
    Tasks.gate.countDown();
    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(7);
  }

  @Test
  @DisplayName("a failure reaches the client as RemoteTaskException")
  void failureReachesClient() {
    start(options());

    AsyncResult result = client.sendTask("tasks.fail", List.of("boom"), Map.of());

    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class, e -> assertThat(e.state()).isEqualTo("FAILURE"));
  }

  @Test
  @DisplayName("results of requests without reply_to are dropped with one warning")
  void requestWithoutReplyToIsDroppedWithOneWarning() {
    start(options());
    SendOptions noReplyTo = SendOptions.builder().replyTo("").build();

    AsyncResult first = client.sendTask("tasks.add", List.of(1, 2), Map.of(), noReplyTo);
    AsyncResult second = client.sendTask("tasks.add", List.of(3, 4), Map.of(), noReplyTo);
    AsyncResult third = client.sendTask("tasks.add", List.of(5, 6), Map.of());

    assertThat(third.get(TIMEOUT, Integer.class)).isEqualTo(11);
    await()
        .atMost(TIMEOUT)
        .until(() -> logs.messages().stream().filter(m -> m.contains("succeeded in")).count() == 3);
    assertThat(logs.messages(Level.WARN).stream().filter(m -> m.contains("no reply_to")))
        .hasSize(1);
    assertThat(first.state()).isEqualTo(TaskState.PENDING);
    assertThat(second.state()).isEqualTo(TaskState.PENDING);
  }
}
