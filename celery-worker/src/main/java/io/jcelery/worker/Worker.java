package io.jcelery.worker;

import io.jcelery.client.Celery;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.transport.Transport;
import io.jcelery.worker.complete.CompletionOptions;
import io.jcelery.worker.complete.PublishFollowUps;
import io.jcelery.worker.complete.TaskCompleter;
import io.jcelery.worker.decode.TaskDecoder;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.DispatchTarget;
import io.jcelery.worker.dispatch.RateLimit;
import io.jcelery.worker.dispatch.RegisteredTask;
import io.jcelery.worker.dispatch.Revoked;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskDispatcher;
import io.jcelery.worker.dispatch.TaskRegistry;
import io.jcelery.worker.execute.Autoscaler;
import io.jcelery.worker.execute.TaskExecution;
import io.jcelery.worker.execute.TaskInvoker;
import io.jcelery.worker.execute.TimeLimits;
import io.jcelery.worker.execute.WorkerPool;
import io.jcelery.worker.inbound.TaskConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Celery worker: consumes task messages from the app's broker, runs the registered task methods
 * on a pool and stores their results in the app's result backend, interoperating with Python
 * Celery 5.2 producers and workers ({@code celery.worker.WorkController}).
 *
 * <p>The stages are wired here by hand, in flow order: {@link TaskConsumer} (inbound) → {@link
 * TaskDecoder} (decode) → {@link TaskDispatcher} (dispatch) → {@link TaskExecution} on a {@link
 * WorkerPool} (execute) → {@link TaskCompleter} (complete), which settles the message.
 *
 * <pre>{@code
 * try (Celery app = Celery.create(CelerySettings.fromEnvironment())) {
 *   Worker worker = new Worker(app, List.of(Arithmetic.class), WorkerOptions.builder().build());
 *   worker.start();
 *   ...
 *   worker.shutdown();
 *   worker.awaitTermination(Duration.ofMinutes(1));
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@code NEW → RUNNING → STOPPING → TERMINATED} (and {@code NEW → TERMINATED} when
 * shut down before starting). The worker owns the app's broker connection: a warm shutdown closes
 * it, which gives unsettled messages back to the broker. Thread-safe.
 *
 * @since 0.1
 */
public final class Worker implements AutoCloseable, WorkerControl {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** The worker's lifecycle states. */
  public enum State {
    /** Built, not started. */
    NEW,
    /** Consuming and running tasks. */
    RUNNING,
    /** Warm shutdown: no new messages; running tasks finish. */
    STOPPING,
    /** Everything stopped; the broker connection is closed. */
    TERMINATED;

    /** The transitions allowed from this state. */
    boolean canBecome(State next) {
      return switch (this) {
        case NEW -> next == RUNNING || next == TERMINATED;
        case RUNNING -> next == STOPPING;
        case STOPPING -> next == TERMINATED;
        case TERMINATED -> false;
      };
    }
  }

  private final Celery app;
  private final CelerySettings settings;
  private final WorkerOptions options;
  private final TaskRegistry registry;
  private final Revoked revoked;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private State state = State.NEW;

  private WorkerPool pool;
  private TaskConsumer consumer;
  private TaskDispatcher dispatcher;
  private volatile TaskExecution execution;
  private Autoscaler autoscaler;

  /**
   * Builds a worker and registers the tasks of the given classes (once; see {@link CeleryTask}).
   * Connects nothing yet.
   *
   * @param app the Celery app whose broker, result backend and settings the worker uses
   * @param taskClasses the classes holding {@link CeleryTask} methods
   * @param options node name, queues, pool, concurrency, autoscale, prefetch
   * @throws ConfigurationException when the task classes cannot be registered (a duplicate name, a
   *     non-public task, a missing constructor)
   */
  public Worker(Celery app, Collection<Class<?>> taskClasses, WorkerOptions options) {
    this.app = app;
    this.settings = app.settings();
    this.options = options;
    try {
      this.registry =
          TaskRegistry.scan(
              taskClasses,
              new TaskDefaults(
                  settings.taskAcksLate(),
                  settings.taskIgnoreResult(),
                  settings.taskTrackStarted(),
                  settings.taskRejectOnWorkerLost(),
                  defaultRateLimit(settings)));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("tasks", e.getMessage(), e);
    }
    try {
      this.revoked = Revoked.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("CELERY_WORKER_REVOKES_MAX", e.getMessage(), e);
    }
  }

  private static RateLimit defaultRateLimit(CelerySettings settings) {
    String value = settings.taskDefaultRateLimit();
    try {
      return value == null ? RateLimit.NONE : RateLimit.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "task_default_rate_limit",
          "task_default_rate_limit '" + value + "' is invalid: " + e.getMessage(),
          e);
    }
  }

  /** The registered task names, sorted (the banner's {@code [tasks]} list). */
  public SortedSet<String> registeredTasks() {
    return registry.names();
  }

  /** The options the worker runs with. */
  public WorkerOptions options() {
    return options;
  }

  /** The current lifecycle state. */
  public synchronized State state() {
    return state;
  }

  /**
   * Starts consuming: creates the pool, connects to the broker, declares and consumes the queues,
   * then logs {@code <node name> ready.}
   *
   * @throws IllegalStateException when already started, or for the virtual pool on a Java runtime
   *     older than 21 ("the virtual pool needs Java 21+; this is Java 17")
   * @throws io.jcelery.transport.TransportException when the broker cannot be reached
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("The worker is " + state + "; it can start only once");
    }
    try {
      pool = WorkerPool.create(options.pool(), options.initialPoolSize());
      Transport transport = app.transport();
      TaskMessageCodec codec = new TaskMessageCodec(acceptContent());
      TaskCompleter completer =
          new TaskCompleter(
              app.backend(),
              new CompletionOptions(
                  settings.taskAcksOnFailureOrTimeout(),
                  settings.taskStoreErrorsEvenIfIgnored(),
                  settings.resultExtended()),
              new PublishFollowUps(app));
      execution =
          new TaskExecution(
              pool,
              new TaskInvoker(),
              completer,
              TimeLimits.of(settings.taskTimeLimit(), settings.taskSoftTimeLimit()),
              revoked);
      consumer =
          new TaskConsumer(
              transport,
              options.queues().stream().map(app::queueSpec).toList(),
              prefetchFor(options.maxPoolSize()));
      dispatcher =
          new TaskDispatcher(
              registry, new Pipeline(completer), consumer, Clock.systemUTC(), revoked);
      TaskDecoder decoder =
          new TaskDecoder(
              codec,
              settings.timezone(),
              options.nodeName(),
              name -> registry.get(name) != null,
              this);
      TaskDispatcher dispatch = dispatcher;
      consumer.start(
          delivery -> {
            TaskRequest request = decoder.decode(delivery);
            if (request != null) {
              dispatch.dispatch(request);
            }
          });
      if (options.autoscale() != null) {
        autoscaler =
            new Autoscaler(
                pool,
                execution::reserved,
                options.autoscale(),
                options.autoscaleKeepalive(),
                options.autoscaleInterval(),
                this::poolResized);
        autoscaler.start();
      }
      state = State.RUNNING;
    } catch (RuntimeException e) {
      abandonStart();
      throw e;
    }
    log.info("{} ready.", options.nodeName());
  }

  /**
   * Warm shutdown, as Celery's on SIGTERM: stops taking messages, drops held ETA tasks and queued
   * jobs that have not started (their messages stay unacknowledged), lets running tasks finish,
   * then closes the broker connection so that every unsettled message goes back to its queue.
   * Returns at once; {@link #awaitTermination} waits for the end. Idempotent.
   */
  public void shutdown() {
    synchronized (this) {
      if (state == State.NEW) {
        state = State.TERMINATED;
        terminated.countDown();
        return;
      }
      if (!state.canBecome(State.STOPPING)) {
        return;
      }
      state = State.STOPPING;
    }
    if (autoscaler != null) {
      autoscaler.close();
    }
    consumer.stop();
    int held = dispatcher.stop();
    execution.stop();
    pool.shutdown();
    if (held > 0) {
      log.info("Giving back {} held ETA or rate-limited task(s)", held);
    }
    Thread finisher = new Thread(this::finishShutdown, "WorkerShutdown");
    finisher.setDaemon(false);
    finisher.start();
  }

  private void finishShutdown() {
    try {
      while (!execution.awaitIdle(Duration.ofSeconds(10))) {
        log.info("Waiting for {} running task(s) to finish", execution.reserved());
      }
      // Every task is reported; a thread still busy was abandoned by a hard time limit or
      // terminate, and waiting for it could take forever.
      if (!pool.awaitTermination(Duration.ofMillis(500))) {
        log.warn("Not waiting for task threads abandoned after a hard time limit or terminate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      execution.close();
      try {
        app.transport().close();
      } catch (RuntimeException e) {
        log.warn("Closing the broker connection failed: {}", e.toString());
      }
      synchronized (this) {
        state = State.TERMINATED;
      }
      terminated.countDown();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Logs {@code Tasks flagged as revoked: <ids>}, and {@code Terminating <id> (thread interrupted)} for
   * each task terminated, as Celery's worker does.
   */
  @Override
  public Set<String> revoke(Collection<String> taskIds, boolean terminate) {
    List<String> ids = List.copyOf(taskIds);
    revoked.addAll(ids);
    Set<String> stopped = new TreeSet<>();
    TaskExecution running = execution;
    if (terminate && running != null) {
      for (String id : ids) {
        if (running.terminate(id)) {
          log.info("Terminating {} (thread interrupted)", id);
          stopped.add(id);
        }
      }
    }
    log.info("Tasks flagged as revoked: {}", String.join(", ", new TreeSet<>(ids)));
    return stopped;
  }

  @Override
  public boolean isRevoked(String taskId) {
    return revoked.contains(taskId);
  }

  /**
   * Logs what a cold shutdown abandons, before the process ends (Celery's cold shutdown does not
   * wait for running tasks): each running task, and whether its message was acked early (the task
   * is lost) or will be redelivered (acks late).
   */
  public void logAbandonedOnColdShutdown() {
    TaskExecution current = execution;
    if (current == null) {
      return;
    }
    for (TaskRequest request : current.running()) {
      RegisteredTask task = registry.get(request.taskName());
      if (task != null && !task.acksLate()) {
        log.error(
            "Cold shutdown: task {}[{}] was running and its message was acked early: it is lost",
            request.name(),
            request.id());
      } else {
        log.warn(
            "Cold shutdown: task {}[{}] was running; its message is not acked: the broker will"
                + " deliver it again",
            request.name(),
            request.id());
      }
    }
  }

  /**
   * Waits until a {@link #shutdown()} has completed.
   *
   * @return true when terminated, false when the timeout passed first
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Warm shutdown, waiting for it to complete. */
  @Override
  public void close() {
    shutdown();
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void abandonStart() {
    if (consumer != null) {
      consumer.stop();
    }
    if (dispatcher != null) {
      dispatcher.stop();
    }
    if (pool != null) {
      pool.shutdown();
    }
    if (execution != null) {
      execution.close();
    }
    state = State.TERMINATED;
    terminated.countDown();
  }

  /** The prefetch count follows the pool (Celery's {@code _update_prefetch_count}). */
  private void poolResized() {
    int slots = options.autoscale() != null ? options.maxPoolSize() : pool.size();
    consumer.setBasePrefetch(prefetchFor(slots));
  }

  /** {@code worker_prefetch_multiplier} × slots; 0 (no limit) when the multiplier is 0. */
  private int prefetchFor(int slots) {
    return options.prefetchMultiplier() * Math.max(slots, 1);
  }

  private AcceptContent acceptContent() {
    try {
      return AcceptContent.of(settings.acceptContent());
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "accept_content", "Invalid accept_content: " + e.getMessage(), e);
    }
  }

  /** Routes the dispatcher's decisions to the execution and completion stages. */
  private final class Pipeline implements DispatchTarget {
    private final TaskCompleter completer;

    Pipeline(TaskCompleter completer) {
      this.completer = completer;
    }

    @Override
    public void execute(TaskRequest request, RegisteredTask task) {
      execution.submit(request, task);
    }

    @Override
    public void unregistered(TaskRequest request) {
      completer.unregistered(request);
    }

    @Override
    public void revoked(TaskRequest request, RegisteredTask task, String reason) {
      completer.revoked(request, task, reason);
    }
  }
}
