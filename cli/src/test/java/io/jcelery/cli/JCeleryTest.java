package io.jcelery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs {@code jcelery worker} and {@code jcelery call} in this JVM over the in-memory broker. */
class JCeleryTest {

  /** What one command printed and returned. */
  record Run(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private Map<String, String> env;
  private final AtomicReference<Runnable> signal = new AtomicReference<>();
  private final StringWriter workerOut = new StringWriter();
  private CompletableFuture<Integer> worker;

  @BeforeEach
  void setUp() {
    String name = "cli-" + UUID.randomUUID();
    env =
        Map.of(
            "CELERY_BROKER_URL", "memory://" + name,
            "CELERY_RESULT_BACKEND", "memory://" + name,
            "CELERY_TASK_DEFAULT_QUEUE", "q-" + name);
  }

  @AfterEach
  void stopWorker() {
    if (worker != null && signal.get() != null) {
      signal.get().run();
      assertThat(worker.join()).isZero();
    }
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        JCelery.run(
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env,
            (onSignal, onCold) -> () -> {});
    return new Run(code, out.toString(), err.toString());
  }

  private void startWorker(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("-A", CliTasks.class.getName(), "worker", "-c", "2", "-n", "cli@test"));
    args.addAll(List.of(extra));
    worker =
        CompletableFuture.supplyAsync(
            () ->
                JCelery.run(
                    args.toArray(String[]::new),
                    new PrintWriter(workerOut, true),
                    new PrintWriter(new StringWriter(), true),
                    env,
                    (onSignal, onCold) -> {
                      signal.set(onSignal);
                      return () -> {};
                    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> signal.get() != null);
  }

  @Test
  void callWaitPrintsTheResultOfATaskRunByTheWorker() {
    startWorker();
    Run call = run("call", "cli.add", "--args", "[2, 3]", "--wait", "--timeout", "10");
    assertThat(call.code()).isZero();
    assertThat(call.out().strip().split("\n")[0]).matches("[0-9a-f-]{36}");
    assertThat(call.lastLine()).isEqualTo("5");

    Run unicode =
        run("call", "cli.echo", "--kwargs", "{\"value\": {\"héllo\": [\"wörld\", \"😀\"]}}", "--wait");
    assertThat(unicode.lastLine()).isEqualTo("{\"héllo\":[\"wörld\",\"😀\"]}");

    assertThat(workerOut.toString())
        .contains("cli@test v")
        .contains(".> transport:   memory://")
        .contains(".> concurrency: 2 (threads)")
        .contains("[tasks]\n  . cli.add\n  . cli.echo\n  . cli.fail\n");
  }

  @Test
  void aRemoteFailurePrintsTypeAndMessageAndExitsWithOne() {
    startWorker("-P", "solo");
    Run call = run("call", "cli.fail", "--args", "[\"boom\"]", "--wait", "--timeout", "10");
    assertThat(call.code()).isEqualTo(1);
    assertThat(call.err()).contains("IllegalStateException: boom");
    String id = call.out().strip();

    Run result = run("result", id);
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).isEqualTo("FAILURE\nIllegalStateException: boom\n");
  }

  @Test
  void resultPrintsStateAndValue() {
    startWorker();
    String id = run("call", "cli.add", "--args", "[40, 2]").out().strip();
    Run result = run("result", id, "--timeout", "10");
    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo("SUCCESS\n42\n");
    assertThat(run("result", UUID.randomUUID().toString()).out()).isEqualTo("PENDING\nnull\n");
  }

  @Test
  void usageErrorsGoToStderrWithExitCodeTwo() {
    Run unknown = run("bogus");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument").contains("Usage: jcelery");
    assertThat(unknown.out()).isEmpty();

    Run badJson = run("call", "cli.add", "--args", "{not json");
    assertThat(badJson.code()).isEqualTo(2);
    assertThat(badJson.err()).contains("--args: not valid JSON");

    Run missingTask = run("call");
    assertThat(missingTask.code()).isEqualTo(2);
    assertThat(missingTask.err()).contains("Missing required parameter: 'TASK'");
  }

  @Test
  void helpAndVersion() {
    Run help = run("worker", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--autoscale=MAX,MIN").contains("--prefetch-multiplier");
    Run version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("jcelery ");
  }

  @Test
  void aMissingTaskClassFailsWithExitCodeOne() {
    Run run = run("-A", "no.such.Tasks", "worker");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("Cannot load task class no.such.Tasks");
  }
}
