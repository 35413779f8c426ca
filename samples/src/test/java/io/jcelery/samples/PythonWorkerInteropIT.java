package io.jcelery.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.RemoteTaskException;
import io.jcelery.client.SendOptions;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.protocol.TaskState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java client against a real Python Celery 5.2 worker ({@code interop/jc_interop/pytasks.py})
 * on the local Redis: Java's {@link AsyncResult} reads Python's results and exceptions.
 */
class PythonWorkerInteropIT {
  private static final String REDIS = "redis://127.0.0.1:6379";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String QUEUE = "j2p-it." + UUID.randomUUID().toString().substring(0, 8);

  private static Process worker;
  private static Path workerLog;
  private static Celery app;

  @BeforeAll
  static void startPythonWorker() throws IOException {
    requireRedis();
    workerLog = Files.createTempFile("python-worker", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                "/usr/bin/python3", "-m", "celery", "-A", "jc_interop.pytasks", "worker",
                "-P", "solo", "-Q", QUEUE, "-n", "pyworker-" + QUEUE + "@localhost",
                "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO")
            .redirectErrorStream(true)
            .redirectOutput(workerLog.toFile());
    builder.environment().put("PYTHONPATH", ROOT.resolve("interop").toString());
    builder.environment().put("JC_BROKER", REDIS + "/3");
    builder.environment().put("JC_BACKEND", REDIS + "/4");
    builder.environment().put("JC_QUEUE", QUEUE);
    worker = builder.start();
    await("the Python worker to log 'ready.'")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !worker.isAlive() || Files.readString(workerLog).contains("ready."));
    if (!worker.isAlive()) {
      fail("the Python Celery worker exited:%n%s", Files.readString(workerLog));
    }
    app =
        Celery.create(
            CelerySettings.builder()
                .set("broker_url", REDIS + "/3")
                .set("result_backend", REDIS + "/4")
                .set("accept_content", List.of("json", "msgpack", "yaml"))
                .build());
  }

  @AfterAll
  static void stopPythonWorker() throws InterruptedException {
    if (app != null) {
      app.close();
    }
    if (worker != null) {
      worker.destroy();
      worker.waitFor();
    }
  }

  private static void requireRedis() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
    } catch (IOException e) {
      fail("Redis is not reachable at 127.0.0.1:6379 (%s); this test needs a running Redis", e);
    }
  }

  private static AsyncResult send(String task, List<?> args, String serializer) {
    return app.sendTask(
        task, args, Map.of(), SendOptions.builder().queue(QUEUE).serializer(serializer).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "msgpack", "yaml"})
  void javaAsyncResultReadsAPythonWorkersResult(String serializer) {
    AsyncResult result = send("py.add", List.of(2, 3), serializer);

    assertThat(result.get(TIMEOUT, Long.class)).isEqualTo(5L);
    assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void nestedUnicodeValuesComeBackEqual() {
    Map<String, Object> value = Map.of("héllo", List.of("wörld", "😀", Map.of("n", List.of(1, 2.5))));

    AsyncResult result = send("py.echo", List.of(value), "json");

    assertThat(result.get(TIMEOUT, Map.class)).isEqualTo(value);
  }

  @Test
  void pythonExceptionSurfacesAsRemoteTaskExceptionWithTypeMessageAndTraceback() {
    AsyncResult result = send("py.fail", List.of("boom"), "json");

    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("ValueError");
              assertThat(e.excModule()).isEqualTo("builtins");
              assertThat(e.remoteMessage()).isEqualTo("boom");
              assertThat(e.getMessage()).isEqualTo("ValueError: boom");
              assertThat(e.remoteTraceback()).contains("Traceback", "ValueError: boom");
            });
    assertThat(result.state()).isEqualTo(TaskState.FAILURE);
  }

  @Test
  void unknownTaskIdIsPending() {
    assertThat(app.asyncResult(UUID.randomUUID().toString()).state())
        .isEqualTo(TaskState.PENDING);
  }
}
