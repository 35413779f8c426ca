package io.jcelery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.client.config.CelerySettings;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Parsing: options, environment and settings file map to CelerySettings and WorkerOptions. */
class WorkerCommandTest {

  private static WorkerCommand parse(Map<String, String> env, String... args) {
    CommandLine commandLine = new CommandLine(new JCelery(env, (onSignal, onCold) -> () -> {}));
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    return (WorkerCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void optionsMapToWorkerOptions() {
    WorkerCommand command =
        parse(
            Map.of(),
            "-A",
            "a.B,c.D",
            "worker",
            "-Q",
            "q1,q2",
            "-P",
            "solo",
            "-n",
            "w1@box",
            "--prefetch-multiplier",
            "0",
            "-l",
            "DEBUG");
    WorkerOptions options = command.options(command.settings());
    assertThat(command.jcelery.taskClassNames).containsExactly("a.B", "c.D");
    assertThat(options.queues()).containsExactly("q1", "q2");
    assertThat(options.pool()).isEqualTo(WorkerOptions.Pool.SOLO);
    assertThat(options.nodeName()).isEqualTo("w1@box");
    assertThat(options.prefetchMultiplier()).isZero();
    assertThat(command.loglevel).isEqualTo("DEBUG");
  }

  @Test
  void concurrencyAndAutoscale() {
    WorkerCommand command = parse(Map.of(), "worker", "-c", "3", "--autoscale", "8,2");
    WorkerOptions options = command.options(command.settings());
    assertThat(options.concurrency()).isEqualTo(3);
    assertThat(options.autoscale()).isEqualTo(new WorkerOptions.Autoscale(8, 2));
    assertThat(WorkerBanner.concurrency(options)).isEqualTo("{min=2, max=8} (threads)");
  }

  @Test
  void optionsWinOverTheEnvironmentWhichWinsOverTheFile(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("jcelery.yaml");
    Files.writeString(
        config,
        "broker_url: \"memory://file\"\nresult_backend: \"memory://file\"\n"
            + "task_default_queue: \"fromfile\"\nworker_concurrency: 5\n");
    Map<String, String> env = Map.of("CELERY_RESULT_BACKEND", "memory://env");
    WorkerCommand command =
        parse(env, "--config", config.toString(), "worker", "-b", "memory://option", "--acks-late");
    CelerySettings settings = command.settings();
    assertThat(settings.brokerUrl()).isEqualTo("memory://option");
    assertThat(settings.resultBackend()).isEqualTo("memory://env");
    assertThat(settings.taskAcksLate()).isTrue();
    WorkerOptions options = command.options(settings);
    assertThat(options.queues()).containsExactly("fromfile");
    assertThat(options.concurrency()).isEqualTo(5);
  }

  @Test
  void timeLimitOptionsSetTheAppWideTaskTimeLimits() {
    WorkerCommand command =
        parse(Map.of(), "worker", "--time-limit", "2.5", "--soft-time-limit", "1");
    CelerySettings settings = command.settings();
    assertThat(settings.taskTimeLimit()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.taskSoftTimeLimit()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void nodeNamesExpandLikeCelery() {
    String host = WorkerOptions.localHostName();
    assertThat(WorkerCommand.nodeName(null)).isEqualTo("celery@" + host);
    assertThat(WorkerCommand.nodeName("worker1")).isEqualTo("celery@worker1");
    assertThat(WorkerCommand.nodeName("w1@%h")).isEqualTo("w1@" + host);
  }

  @Test
  void badValuesNameTheSetting() {
    WorkerCommand command = parse(Map.of(), "worker", "-P", "prefork");
    assertThatThrownBy(command::settings)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("worker_pool");
    WorkerCommand zero = parse(Map.of(), "worker", "-c", "0");
    assertThatThrownBy(() -> zero.options(zero.settings())).hasMessageContaining("worker_concurrency");
  }
}
