package io.jcelery.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.ResultMetaCodec;
import io.jcelery.results.ResultBackendException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AsyncResultTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Celery app =
      Celery.create(
          CelerySettings.builder()
              .set("broker_url", "memory://results-" + UUID.randomUUID())
              .set("result_backend", "memory://results-" + UUID.randomUUID())
              .build());

  @AfterEach
  void close() {
    app.close();
  }

  @Test
  @DisplayName("a task with nothing stored is PENDING and not ready")
  void nothingStoredIsPending() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());

    assertThat(result.status()).isEqualTo("PENDING");
    assertThat(result.state()).isEqualTo(TaskState.PENDING);
    assertThat(result.ready()).isFalse();
    assertThat(result.info().isNull()).isTrue();
    assertThat(result.traceback()).isNull();
  }

  @Test
  @DisplayName("get returns the stored return value, as a tree or mapped to a type")
  void getReturnsValue() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());
    app.backend().store(meta(result.id(), "SUCCESS", JSON.valueToTree(List.of(1, 2, 3)), null));

    assertThat(result.get(Duration.ofSeconds(1)).toString()).isEqualTo("[1,2,3]");
    List<Integer> typed =
        result.get(Duration.ofSeconds(1), new TypeReference<List<Integer>>() {}.getType());
    assertThat(typed).containsExactly(1, 2, 3);
    assertThat(result.successful()).isTrue();
    assertThat(result.ready()).isTrue();
  }

  @Test
  @DisplayName("get waits for a result stored later")
  void getWaitsForResult() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());
    CompletableFuture<Integer> value =
        CompletableFuture.supplyAsync(() -> result.get(Duration.ofSeconds(10), Integer.class));

    app.backend().store(meta(result.id(), "STARTED", NODES.objectNode().put("pid", 1), null));
    app.backend().store(meta(result.id(), "SUCCESS", NODES.numberNode(5), null));

    assertThat(value).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(5);
  }

  @Test
  @DisplayName("get on a failed task throws RemoteTaskException with type, message and traceback")
  void failureThrowsRemoteTaskException() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());
    ObjectNode exc = exception("ValueError", NODES.arrayNode().add("boom"), "builtins");
    app.backend().store(meta(result.id(), "FAILURE", exc, "Traceback ...\nValueError: boom\n"));

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("ValueError");
              assertThat(e.excModule()).isEqualTo("builtins");
              assertThat(e.remoteMessage()).isEqualTo("boom");
              assertThat(e.remoteTraceback()).isEqualTo("Traceback ...\nValueError: boom\n");
              assertThat(e.taskId()).isEqualTo(result.id());
              assertThat(e.state()).isEqualTo("FAILURE");
            })
        .hasMessage("ValueError: boom");
    assertThat(result.failed()).isTrue();
    assertThat(result.info().get("exc_type").asText()).isEqualTo("ValueError");
  }

  @Test
  @DisplayName("a revoked task throws RemoteTaskException of type TaskRevokedError")
  void revokedThrowsTaskRevokedError() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());
    ObjectNode exc =
        exception("TaskRevokedError", NODES.arrayNode().add("revoked"), "celery.exceptions");
    app.backend().store(meta(result.id(), "REVOKED", exc, null));

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("TaskRevokedError");
              assertThat(e.state()).isEqualTo("REVOKED");
              assertThat(e.remoteTraceback()).isNull();
            })
        .hasMessage("TaskRevokedError: revoked");
  }

  @Test
  @DisplayName("get times out with CeleryTimeoutException caused by a TimeoutException")
  void getTimesOut() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());

    assertThatThrownBy(() -> result.get(Duration.ofMillis(100)))
        .isInstanceOf(CeleryTimeoutException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining(result.id());
  }

  @Test
  @DisplayName("failures stored by Python read as Python prints them")
  void pythonFailuresReadAsPythonPrintsThem() throws IOException {
    JsonNode results = vector().get("results");
    Map<String, String> expected =
        Map.of(
            "failure_valueerror", "ValueError: boom",
            "failure_custom_exception", "CustomError: (42, 'custom detail')",
            "failure_keyerror", "KeyError: 'missing'",
            "time_limit_exceeded", "TimeLimitExceeded: 1",
            "expired", "TaskRevokedError: expired");
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      byte[] raw =
          Base64.getDecoder().decode(results.get(entry.getKey()).get("value_b64").asText());
      ResultMeta meta =
          ResultMetaCodec.fromTree(JSON.readTree(new String(raw, StandardCharsets.UTF_8)));
      app.backend().store(meta);

      assertThatThrownBy(() -> app.asyncResult(meta.taskId()).get(Duration.ofSeconds(1)))
          .as(entry.getKey())
          .isInstanceOf(RemoteTaskException.class)
          .hasMessage(entry.getValue());
    }
  }

  @Test
  @DisplayName("forget deletes the result, which reads as PENDING again")
  void forgetDeletesResult() {
    AsyncResult result = app.asyncResult(UUID.randomUUID().toString());
    app.backend().store(meta(result.id(), "SUCCESS", NODES.numberNode(1), null));
    assertThat(result.ready()).isTrue();

    result.forget();

    assertThat(result.status()).isEqualTo("PENDING");
  }

  @Test
  @DisplayName("without result_backend, reading a result fails saying how to configure one")
  void noBackendFailsClearly() {
    try (Celery noBackend =
        Celery.create(
            CelerySettings.builder().set("broker_url", "memory://" + UUID.randomUUID()).build())) {
      AsyncResult result = noBackend.asyncResult("some-id");

      assertThatThrownBy(() -> result.get(Duration.ofSeconds(1)))
          .isInstanceOf(ResultBackendException.class)
          .hasMessageContaining("result_backend");
      assertThatThrownBy(result::status).hasMessageContaining("No result backend is configured");
    }
  }

  private static ResultMeta meta(String taskId, String status, JsonNode result, String traceback) {
    return new ResultMeta(
        status,
        result,
        traceback,
        NODES.arrayNode(),
        "2024-05-06T07:08:09",
        null,
        null,
        null,
        taskId);
  }

  private static ObjectNode exception(String type, JsonNode message, String module) {
    ObjectNode exc = NODES.objectNode();
    exc.put("exc_type", type);
    exc.set("exc_message", message);
    exc.put("exc_module", module);
    return exc;
  }

  private static JsonNode vector() throws IOException {
    String resource = "vectors/worker/redis/result_meta_redis_backend.json";
    try (InputStream in = AsyncResultTest.class.getClassLoader().getResourceAsStream(resource)) {
      return JSON.readTree(in);
    }
  }
}
