package io.jcelery.cli;

import io.jcelery.client.Celery;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.worker.Worker;
import io.jcelery.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jcelery worker}: runs a worker until SIGTERM or SIGINT, which start a warm shutdown
 * (Celery's {@code celery worker}, {@code celery/apps/worker.py}).
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Start a worker consuming the queues and running the -A task classes.")
final class WorkerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @ParentCommand JCelery jcelery;

  @Spec CommandSpec spec;

  @Option(names = {"-b", "--broker"}, paramLabel = "URL", description = "broker_url")
  String broker;

  @Option(names = "--result-backend", paramLabel = "URL", description = "result_backend")
  String resultBackend;

  @Option(
      names = {"-Q", "--queues"},
      split = ",",
      paramLabel = "QUEUE",
      description = "Queues to consume (default: task_default_queue).")
  List<String> queues = new ArrayList<>();

  @Option(
      names = {"-P", "--pool"},
      paramLabel = "POOL",
      description = "threads, virtual (Java 21+) or solo (worker_pool; default threads).")
  String pool;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "N",
      description = "Tasks run at once (worker_concurrency; default: number of CPUs).")
  Integer concurrency;

  @Option(
      names = "--autoscale",
      paramLabel = "MAX,MIN",
      description = "Grow the pool up to MAX under load and shrink it to MIN when idle.")
  String autoscale;

  @Option(
      names = "--prefetch-multiplier",
      paramLabel = "N",
      description = "Messages reserved per pool slot, 0 for no limit (worker_prefetch_multiplier).")
  Integer prefetchMultiplier;

  @Option(
      names = {"-n", "--hostname"},
      paramLabel = "NAME",
      description = "Node name, name@host; %%h, %%n and %%d expand as in Celery (default celery@%%h).")
  String hostname;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "LEVEL",
      description = "DEBUG, INFO, WARNING, ERROR, CRITICAL (default INFO).")
  String loglevel = "INFO";

  @Option(names = "--acks-late", description = "Acknowledge after the task ran (task_acks_late).")
  boolean acksLate;

  @Option(
      names = "--time-limit",
      paramLabel = "SECONDS",
      description = "Hard time limit of every task (task_time_limit).")
  Double timeLimit;

  @Option(
      names = "--soft-time-limit",
      paramLabel = "SECONDS",
      description = "Soft time limit of every task (task_soft_time_limit).")
  Double softTimeLimit;

  @Override
  public Integer call() throws InterruptedException {
    JCelery.setLogLevel(loglevel);
    List<Class<?>> classes = jcelery.taskClasses();
    CelerySettings settings = settings();
    WorkerOptions options = options(settings);
    Celery app = Celery.create(settings);
    try {
      Worker worker = new Worker(app, classes, options);
      // Installed before the banner and the start, so that a SIGTERM during the start or right
      // after "ready." is a warm shutdown (once the start has ended), not the JVM's exit 143.
      CountDownLatch startEnded = new CountDownLatch(1);
      Runnable uninstall =
          jcelery.signals.install(
              () -> {
                awaitQuietly(startEnded::await);
                log.warn("worker: Warm shutdown (MainProcess)");
                worker.shutdown();
                awaitQuietly(() -> worker.awaitTermination(Duration.ofNanos(Long.MAX_VALUE)));
                app.close();
              },
              worker::logAbandonedOnColdShutdown);
      try {
        spec.commandLine().getOut().print(
            WorkerBanner.render(settings, options, worker.registeredTasks()));
        spec.commandLine().getOut().flush();
        try {
          worker.start();
        } finally {
          startEnded.countDown();
        }
        worker.awaitTermination(Duration.ofNanos(Long.MAX_VALUE));
      } finally {
        uninstall.run();
      }
      return 0;
    } finally {
      app.close();
    }
  }

  /** A wait that may be interrupted. */
  private interface Wait {
    void run() throws InterruptedException;
  }

  private static void awaitQuietly(Wait wait) {
    try {
      wait.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The settings: config file, environment, then this command's options. */
  CelerySettings settings() {
    CelerySettings.Builder builder = jcelery.settings();
    if (broker != null) {
      builder.set("broker_url", broker);
    }
    if (resultBackend != null) {
      builder.set("result_backend", resultBackend);
    }
    if (pool != null) {
      builder.set("worker_pool", pool.trim().toLowerCase(java.util.Locale.ROOT));
    }
    if (concurrency != null) {
      builder.set("worker_concurrency", concurrency);
    }
    if (prefetchMultiplier != null) {
      builder.set("worker_prefetch_multiplier", prefetchMultiplier);
    }
    if (acksLate) {
      builder.set("task_acks_late", true);
    }
    if (timeLimit != null) {
      builder.set("task_time_limit", timeLimit);
    }
    if (softTimeLimit != null) {
      builder.set("task_soft_time_limit", softTimeLimit);
    }
    return builder.build();
  }

  /** The worker options from the settings and the options that have no setting. */
  WorkerOptions options(CelerySettings settings) {
    WorkerOptions.Builder builder =
        WorkerOptions.builder()
            .nodeName(nodeName(hostname))
            .queues(queues.isEmpty() ? List.of(settings.taskDefaultQueue()) : queues)
            .pool(WorkerOptions.Pool.parse(settings.workerPool()))
            .concurrency(settings.workerConcurrency())
            .prefetchMultiplier(settings.workerPrefetchMultiplier());
    if (autoscale != null) {
      builder.autoscale(WorkerOptions.Autoscale.parse(autoscale));
    }
    return builder.build();
  }

  /**
   * Celery's node name rules ({@code celery/utils/nodenames.py}): a name without {@code @} is the
   * host part of {@code celery@<name>}; {@code %h} is the host name, {@code %n} its first label,
   * {@code %d} the rest (the domain).
   */
  static String nodeName(String given) {
    String host = WorkerOptions.localHostName();
    String text = given == null || given.isBlank() ? "celery@%h" : given.trim();
    if (!text.contains("@")) {
      text = "celery@" + text;
    }
    int dot = host.indexOf('.');
    String shortName = dot < 0 ? host : host.substring(0, dot);
    String domain = dot < 0 ? "" : host.substring(dot + 1);
    return text.replace("%h", host).replace("%n", shortName).replace("%d", domain);
  }
}
