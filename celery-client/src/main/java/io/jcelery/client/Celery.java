package io.jcelery.client;

import io.jcelery.client.config.CelerySettings;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.BodyCodecs;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContext;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultBackends;
import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.Transports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Celery app for Java: sends tasks by name to Celery workers (Python or Java) and reads their
 * results, speaking Celery 5.2's message protocol 2 ({@code celery.Celery}, {@code send_task} and
 * {@code AsyncResult}).
 *
 * <p>The broker ({@code broker_url}) and the result backend ({@code result_backend}) are opened on
 * first use. Without a {@code result_backend}, results cannot be read (Celery's {@code
 * DisabledBackend}). With {@code result_backend = rpc://} results come back as messages on the
 * app's own queue named {@link #oid()} over the broker: only this app can read them, and chords are
 * not supported (see {@link io.jcelery.results.rpc.RpcResultBackend}).
 *
 * <pre>{@code
 * try (Celery app = Celery.create(CelerySettings.builder()
 *     .set("broker_url", "redis://localhost:6379/0")
 *     .set("result_backend", "redis://localhost:6379/1")
 *     .build())) {
 *   AsyncResult result = app.sendTask("tasks.add", List.of(2, 3), Map.of());
 *   int sum = result.get(Duration.ofSeconds(10), Integer.class);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class Celery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Celery.class);

  private final CelerySettings settings;
  private final String oid = UUID.randomUUID().toString();
  private final TaskRouter router;
  private final ComposeTaskMessage compose;
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile Transport transport;
  private volatile ResultBackend backend;
  private volatile boolean closed;

  private Celery(CelerySettings settings) {
    this.settings = settings;
    this.router = new TaskRouter(settings);
    this.compose = new ComposeTaskMessage(settings, anonNodename(), oid, Clock.systemUTC());
  }

  /**
   * Creates the app. Checks that the serializers, compression and accepted content exist (the
   * result ones only when {@code result_backend} is set); connects nothing yet.
   *
   * @throws ConfigurationException naming a setting jcelery cannot use
   */
  public static Celery create(CelerySettings settings) {
    Objects.requireNonNull(settings, "settings");
    try {
      AcceptContent.of(settings.acceptContent());
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "accept_content", "Invalid accept_content: " + e.getMessage(), e);
    }
    if (settings.resultBackend() != null) {
      resultBackendOptions(settings);
    }
    return new Celery(settings);
  }

  /** The settings the app was created with. */
  public CelerySettings settings() {
    return settings;
  }

  /**
   * The app's unique id ({@code app.thread_oid}), sent as every task's {@code reply_to} property,
   * where Celery's rpc backend would reply.
   */
  public String oid() {
    return oid;
  }

  /**
   * The broker connection, opened on first use with {@code broker_transport_options}.
   *
   * @throws io.jcelery.transport.TransportException when the broker cannot be reached
   */
  public Transport transport() {
    Transport current = transport;
    if (current == null) {
      synchronized (lock) {
        ensureOpen();
        if (transport == null) {
          LOG.debug("Connecting to broker {}", BrokerUrl.mask(settings.brokerUrl()));
          transport = Transports.open(settings.brokerUrl(), settings.brokerTransportOptions());
        }
        current = transport;
      }
    }
    return current;
  }

  /**
   * The result backend, opened on first use; when {@code result_backend} is unset, one whose reads
   * fail saying so. Backends get the app's broker connection and oid ({@link
   * ResultBackendContext}), which {@code rpc://} uses; the connection opens only when one uses it.
   *
   * @throws io.jcelery.results.ResultBackendException when the store cannot be reached
   */
  public ResultBackend backend() {
    ResultBackend current = backend;
    if (current == null) {
      synchronized (lock) {
        ensureOpen();
        if (backend == null) {
          String url = settings.resultBackend();
          backend =
              url == null || url.isBlank()
                  ? new NoResultBackend()
                  : ResultBackends.open(url, resultBackendOptions(settings), new AppContext());
        }
        current = backend;
      }
    }
    return current;
  }

  /** {@link #sendTask(String, List, Map, SendOptions)} with default options. */
  public AsyncResult sendTask(String name, List<?> args, Map<String, ?> kwargs) {
    return sendTask(name, args, kwargs, SendOptions.DEFAULT);
  }

  /**
   * Sends a task by name ({@code Celery.send_task}): builds the protocol-2 message, declares the
   * queue once, lets the result backend prepare for the result unless {@code ignore_result} ({@code
   * backend.on_task_call}: the rpc backend declares and consumes its reply queue), publishes the
   * message and returns its result handle. The task need not exist in this process.
   *
   * @param name the registered task name, e.g. {@code tasks.add}
   * @param args positional arguments: values {@link io.jcelery.protocol.codec.ValueTree} maps
   *     (numbers, strings, lists, maps, records, dates, Jackson trees); may be null
   * @param kwargs keyword arguments; may be null
   * @param options queue, countdown, expiry, priority, ... ({@link SendOptions#DEFAULT} for none)
   * @throws io.jcelery.transport.TransportException when the broker cannot take the message
   * @throws io.jcelery.protocol.ProtocolException when an argument cannot be serialized
   * @throws IllegalArgumentException when an argument cannot be mapped to a tree
   */
  public AsyncResult sendTask(
      String name, List<?> args, Map<String, ?> kwargs, SendOptions options) {
    Objects.requireNonNull(name, "name");
    SendOptions opts = options == null ? SendOptions.DEFAULT : options;
    String taskId = opts.taskId() != null ? opts.taskId() : UUID.randomUUID().toString();
    TaskRouter.Route route = router.route(opts);
    TaskMessage message = compose.compose(taskId, name, args, kwargs, opts);
    Transport broker = transport();
    if (route.declare() != null && declaredQueues.add(route.declare().name())) {
      broker.declareQueue(route.declare());
    }
    String resultBackend = settings.resultBackend();
    if (!opts.ignoreResult() && resultBackend != null && !resultBackend.isBlank()) {
      backend().onTaskCall(taskId);
    }
    broker.publish(route.exchange(), route.routingKey(), message);
    LOG.debug(
        "Sent task {}[{}] to exchange '{}' with routing key {}",
        name,
        taskId,
        route.exchange(),
        route.routingKey());
    return new AsyncResult(taskId, this::backend, opts.ignoreResult());
  }

  /**
   * The queue {@code name} as Celery's {@code Queues} declares it: the default queue honours the
   * {@code task_default_*} settings, any other is a durable queue bound to a direct exchange of
   * its name ({@code task_create_missing_queues}); {@code task_queue_max_priority} adds {@code
   * x-max-priority}. Producers and workers declare the same objects through this.
   *
   * @throws io.jcelery.client.config.ConfigurationException when the queue is not the default
   *     one and {@code task_create_missing_queues} is false
   */
  public QueueSpec queueSpec(String name) {
    return router.queueSpec(name);
  }

  /** The result handle of a task sent earlier, by any producer ({@code app.AsyncResult(id)}). */
  public AsyncResult asyncResult(String taskId) {
    return new AsyncResult(taskId, this::backend, false);
  }

  /**
   * Closes the result backend and the broker connection, if opened, in that order (the rpc backend
   * consumes on the connection). Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (backend != null) {
          backend.close();
        }
      } finally {
        if (transport != null) {
          transport.close();
        }
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The Celery app is closed");
    }
  }

  /** The result backend options from settings, failing with the Celery key on a bad value. */
  private static ResultBackendOptions resultBackendOptions(CelerySettings settings) {
    AcceptContent accept;
    try {
      accept = AcceptContent.of(settings.resultAcceptContent());
    } catch (RuntimeException e) {
      String key =
          settings.get("result_accept_content") != null
              ? "result_accept_content"
              : "accept_content";
      throw new ConfigurationException(key, "Invalid " + key + ": " + e.getMessage(), e);
    }
    ResultBackendOptions.Builder options = ResultBackendOptions.builder().accept(accept);
    try {
      options.serializer(BodyCodecs.byName(settings.resultSerializer()));
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "result_serializer",
          "Unknown result_serializer '" + settings.resultSerializer() + "': " + e.getMessage(),
          e);
    }
    try {
      return options
          .expires(settings.resultExpires())
          .persistent(settings.resultPersistent())
          .build();
    } catch (ResultBackendOptions.InvalidOptionException e) {
      throw new ConfigurationException(e.key(), e.getMessage(), e);
    }
  }

  /** The app as result backends see it: its broker connection, opened on demand, and its oid. */
  private final class AppContext implements ResultBackendContext {
    @Override
    public Transport transport() {
      return Celery.this.transport();
    }

    @Override
    public String oid() {
      return oid;
    }
  }

  /** {@code gen<pid>@<host>}, Celery's {@code anon_nodename()} for a process that is no worker. */
  private static String anonNodename() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    return "gen" + ProcessHandle.current().pid() + "@" + host;
  }
}
