package io.jcelery.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.TaskState;
import io.jcelery.results.ResultRoute;
import io.jcelery.results.rpc.RpcResultBackend;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code result_backend = rpc://} behind {@link AsyncResult}, over the in-memory broker. */
class RpcAsyncResultTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<Celery> apps = new ArrayList<>();
  private String broker;
  private Celery client;
  private Celery worker;
  private final BlockingQueue<Delivery> tasks = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() {
    broker = "memory://rpc-" + UUID.randomUUID();
    client = app(CelerySettings.builder());
    worker = app(CelerySettings.builder());
    worker.transport().consume(List.of(QueueSpec.of("celery")), 0, tasks::add);
  }

  @AfterEach
  void closeApps() {
    apps.forEach(Celery::close);
  }

  private Celery app(CelerySettings.Builder settings) {
    Celery app =
        Celery.create(settings.set("broker_url", broker).set("result_backend", "rpc://").build());
    apps.add(app);
    return app;
  }

  /** The next task message the stand-in worker received, acked. */
  private TaskMessage nextTask() throws InterruptedException {
    Delivery delivery = tasks.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(delivery).as("a task message within %s", TIMEOUT).isNotNull();
    delivery.settlement().ack();
    return delivery.message();
  }

  /** Replies as a worker with the rpc backend does: to the message's reply_to. */
  private void reply(TaskMessage task, String status, JsonNode result, String traceback) {
    String id = task.properties().correlationId();
    worker
        .backend()
        .store(
            new ResultMeta(
                status, result, traceback, NODES.arrayNode(), null, null, null, null, id),
            new ResultRoute(task.properties().replyTo(), id));
  }

  @Test
  @DisplayName("the app opens the rpc backend, replying to its oid")
  void opensRpcBackendOnItsOid() {
    assertThat(client.backend()).isInstanceOf(RpcResultBackend.class);
    assertThat(((RpcResultBackend) client.backend()).replyQueue().name()).isEqualTo(client.oid());
  }

  @Test
  @DisplayName("get returns the value a worker sent to the task's reply_to")
  void getReturnsRepliedValue() throws InterruptedException {
    AsyncResult result = client.sendTask("tasks.add", List.of(2, 3), Map.of());
    TaskMessage task = nextTask();
    assertThat(task.properties().replyTo()).isEqualTo(client.oid());

    reply(task, "SUCCESS", NODES.numberNode(5), null);

    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(5);
    assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  @DisplayName("state shows STARTED from the cached latest reply, then get waits for SUCCESS")
  void startedThenSuccess() throws InterruptedException {
    AsyncResult result = client.sendTask("tasks.add", List.of(2, 3), Map.of());
    assertThat(result.state()).isEqualTo(TaskState.PENDING);
    TaskMessage task = nextTask();

    ObjectNode started = NODES.objectNode().put("pid", 1).put("hostname", "w@h");
    reply(task, "STARTED", started, null);
    await().atMost(TIMEOUT).until(() -> result.state() == TaskState.STARTED);
    assertThat(result.info()).isEqualTo(started);

    reply(task, "SUCCESS", NODES.numberNode(5), null);
    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(5);
  }

  @Test
  @DisplayName("a FAILURE reply raises RemoteTaskException from get")
  void failureRaisesRemoteTaskException() throws InterruptedException {
    AsyncResult result = client.sendTask("tasks.fail", List.of("boom"), Map.of());
    ObjectNode exc = NODES.objectNode().put("exc_type", "ValueError").put("exc_module", "builtins");
    exc.set("exc_message", NODES.arrayNode().add("boom"));

    reply(nextTask(), "FAILURE", exc, "Traceback ...\nValueError: boom\n");

    assertThatThrownBy(() -> result.get(TIMEOUT))
        .isInstanceOfSatisfying(
            RemoteTaskException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("ValueError");
              assertThat(e.state()).isEqualTo("FAILURE");
              assertThat(e.taskId()).isEqualTo(result.id());
            });
    assertThat(result.traceback()).contains("ValueError: boom");
  }

  @Test
  @DisplayName("another app cannot read the results: they go to the sender only")
  void anotherAppCannotRead() throws InterruptedException {
    AsyncResult result = client.sendTask("tasks.add", List.of(2, 3), Map.of());
    reply(nextTask(), "SUCCESS", NODES.numberNode(5), null);
    assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(5);

    Celery other = app(CelerySettings.builder());

    assertThat(other.asyncResult(result.id()).state()).isEqualTo(TaskState.PENDING);
    assertThatThrownBy(() -> other.asyncResult(result.id()).get(Duration.ofMillis(20)))
        .isInstanceOf(CeleryTimeoutException.class);
  }

  @Test
  @DisplayName("result_persistent sends replies with delivery_mode 2")
  void resultPersistentSendsDeliveryMode2() throws InterruptedException {
    Celery persistent = app(CelerySettings.builder().set("result_persistent", true));
    BlockingQueue<Delivery> replies = new LinkedBlockingQueue<>();
    persistent
        .transport()
        .consume(List.of(new QueueSpec("replies", "", "direct", "replies", false, Map.of())), 0,
            replies::add);

    persistent
        .backend()
        .store(
            new ResultMeta("SUCCESS", NODES.nullNode(), null, null, null, null, null, null, "t"),
            new ResultRoute("replies", "t"));

    Delivery delivery = replies.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(delivery).isNotNull();
    assertThat(delivery.message().properties().deliveryMode()).isEqualTo(2);
  }
}
