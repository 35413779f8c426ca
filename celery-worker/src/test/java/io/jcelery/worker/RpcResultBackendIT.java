package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.RemoteTaskException;
import io.jcelery.client.SendOptions;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.protocol.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code result_backend = rpc://} between real Python Celery 5.2 ({@code /usr/bin/python3}) and
 * jcelery, both ways, over RabbitMQ ({@code amqp://guest:guest@127.0.0.1:5672//}) and over Redis
 * (db 11). Hosts come from {@code -Damqp.host}/{@code -Dredis.host} or {@code AMQP_HOST}/{@code
 * REDIS_HOST}. A missing broker or Python Celery fails the test, naming it.
 */
class RpcResultBackendIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String REDIS_HOST = setting("redis.host", "REDIS_HOST", "127.0.0.1");
  private static final int REDIS_PORT =
      Integer.parseInt(setting("redis.port", "REDIS_PORT", "6379"));
  private static final String AMQP_HOST = setting("amqp.host", "AMQP_HOST", "127.0.0.1");
  private static final int AMQP_PORT = Integer.parseInt(setting("amqp.port", "AMQP_PORT", "5672"));

  @Nested
  @DisplayName("over RabbitMQ")
  class OverRabbitMq extends Scenarios {
    @Override
    String brokerUrl() {
      requireService("RabbitMQ", AMQP_HOST, AMQP_PORT);
      return "amqp://guest:guest@" + AMQP_HOST + ":" + AMQP_PORT + "//";
    }
  }

  @Nested
  @DisplayName("over Redis")
  class OverRedis extends Scenarios {
    @Override
    String brokerUrl() {
      requireService("Redis", REDIS_HOST, REDIS_PORT);
      return "redis://" + REDIS_HOST + ":" + REDIS_PORT + "/11";
    }
  }

  /** The scenarios, run on each broker. */
  abstract static class Scenarios {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private String broker;
    private String queue;

    /** The broker URL, after checking the service is up. */
    abstract String brokerUrl();

    @BeforeEach
    void setUp(TestInfo test) {
      requirePythonCelery();
      broker = brokerUrl();
      queue =
          "rpc-it." + test.getTestMethod().orElseThrow().getName() + "." + UUID.randomUUID();
      // Closed last: a solo Python worker stopped right after its tasks may leave one requeued.
      resources.add(this::deleteQueue);
    }

    @AfterEach
    void tearDown() throws Exception {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).close();
      }
    }

    private Celery app() {
      Celery app =
          Celery.create(
              CelerySettings.builder()
                  .set("broker_url", broker)
                  .set("result_backend", "rpc://")
                  .set("task_default_queue", queue)
                  .build());
      resources.add(app);
      return app;
    }

    @Test
    @DisplayName("a Python client gets the results of a Java worker with backend='rpc://'")
    void pythonClientGetsJavaWorkerResults() throws Exception {
      Celery app = app();
      Worker worker =
          new Worker(
              app,
              List.of(Tasks.class),
              WorkerOptions.builder().nodeName("rpc-it@localhost").queues(queue).concurrency(2)
                  .build());
      worker.start();
      resources.add(worker);

      List<JsonNode> lines = runPythonClient();

      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).get("result").asInt()).as("tasks.add via rpc").isEqualTo(5);
      JsonNode failure = lines.get(1);
      assertThat(failure.get("exc_type").asText()).isEqualTo("IllegalArgumentException");
      assertThat(failure.get("args")).containsExactly(JSON.getNodeFactory().textNode("boom"));
      assertThat(failure.get("state").asText()).isEqualTo("FAILURE");
    }

    @Test
    @DisplayName("a Java client with rpc:// gets the results and the exception of a Python worker")
    void javaClientGetsPythonWorkerResults() throws Exception {
      Path log = startPythonWorker();
      Celery app = app();
      SendOptions toQueue = SendOptions.builder().queue(queue).build();

      AsyncResult add = app.sendTask("rpc_it.add", List.of(2, 3), Map.of(), toQueue);
      AsyncResult fail = app.sendTask("rpc_it.fail", List.of("boom"), Map.of(), toQueue);

      assertThat(withWorkerLog(log, () -> add.get(TIMEOUT, Integer.class))).isEqualTo(5);
      assertThat(add.state()).isEqualTo(TaskState.SUCCESS);
      assertThatThrownBy(() -> withWorkerLog(log, () -> fail.get(TIMEOUT)))
          .isInstanceOfSatisfying(
              RemoteTaskException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("ValueError");
                assertThat(e.excModule()).isEqualTo("builtins");
                assertThat(e.excMessage()).containsExactly(JSON.getNodeFactory().textNode("boom"));
              });
      assertThat(fail.traceback()).contains("ValueError: boom");
    }

    /** Deletes the test queue and its exchange; the Transport API has no delete. */
    private void deleteQueue() throws Exception {
      Process cleanup =
          new ProcessBuilder(
                  PYTHON, interopDir().resolve("rpc_it_cleanup.py").toString(), broker, queue)
              .redirectErrorStream(true)
              .start();
      String output = new String(cleanup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!cleanup.waitFor(30, TimeUnit.SECONDS) || cleanup.exitValue() != 0) {
        fail("Deleting the test queue " + queue + " failed:\n" + output);
      }
    }

    /** Runs the Python client script; its stdout lines, as JSON. */
    private List<JsonNode> runPythonClient() throws Exception {
      Path out = Files.createTempFile("rpc-it-client", ".log");
      Process client =
          new ProcessBuilder(
                  PYTHON, interopDir().resolve("rpc_it_client.py").toString(), broker, queue)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      resources.add(client::destroyForcibly);
      boolean finished = client.waitFor(TIMEOUT.toSeconds() * 2 + 30, TimeUnit.SECONDS);
      String output = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      if (!finished || client.exitValue() != 0) {
        fail(
            "The Python client "
                + (finished ? "exited with " + client.exitValue() : "did not finish")
                + "; its output:\n"
                + output);
      }
      List<JsonNode> lines = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (line.startsWith("{")) {
          lines.add(JSON.readTree(line));
        }
      }
      return lines;
    }

    /** Starts {@code celery worker -P solo} on the test queue; returns its log file. */
    private Path startPythonWorker() throws IOException {
      Path log = Files.createTempFile("rpc-it-worker", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  PYTHON, "-m", "celery", "-A", "rpc_it_tasks", "worker", "-P", "solo",
                  "-Q", queue, "-n", "rpc-it-" + UUID.randomUUID() + "@localhost",
                  "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO")
              .directory(interopDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("RPC_IT_BROKER", broker);
      builder.environment().put("PYTHONPATH", interopDir().toString());
      Process worker = builder.start();
      resources.add(() -> stop(worker, log));
      return log;
    }

    private static void stop(Process worker, Path log) throws Exception {
      worker.destroy();
      if (!worker.waitFor(20, TimeUnit.SECONDS)) {
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    }

    /** Runs a wait; when it fails, adds the Python worker's log to the failure. */
    private static <T> T withWorkerLog(Path log, java.util.concurrent.Callable<T> wait)
        throws Exception {
      try {
        return wait.call();
      } catch (RemoteTaskException e) {
        throw e;
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            "Waiting failed (" + e + "); the Python worker's log:\n" + Files.readString(log), e);
      }
    }
  }

  private static Path interopDir() {
    try {
      return Path.of(RpcResultBackendIT.class.getResource("/interop/rpc_it_tasks.py").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireService(String name, String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
    } catch (IOException e) {
      fail(name + " is not reachable at " + host + ":" + port + " (" + e.getMessage()
          + "); RpcResultBackendIT needs a running " + name);
    }
  }

  private static void requirePythonCelery() {
    try {
      Process check =
          new ProcessBuilder(PYTHON, "-c", "import celery; print(celery.__version__)")
              .redirectErrorStream(true)
              .start();
      String version = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
        fail("Python Celery is missing: " + PYTHON + " cannot import celery:\n" + version);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(PYTHON + " cannot be run; RpcResultBackendIT needs it", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String setting(String property, String variable, String fallback) {
    return System.getProperty(property, System.getenv().getOrDefault(variable, fallback));
  }
}
