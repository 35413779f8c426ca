package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.transport.Delivery;
import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportContract.Recorder;
import io.jcelery.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Python Celery 5.2.6 / kombu 5.2.4 and this transport on one RabbitMQ vhost. */
class AmqpKombuInteropIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Declares entities as Celery does: argv = url, kind, name. */
  private static final String DECLARE = """
      import sys, json, kombu
      url, kind, name = sys.argv[1:4]
      if kind == 'task':
          q = kombu.Queue(name, kombu.Exchange(name, 'direct'), routing_key=name,
                          queue_arguments={'x-max-priority': 10})
      elif kind == 'events':
          q = kombu.Queue(name, kombu.Exchange(name + '.celeryev', type='topic'), routing_key='#',
                          durable=False, auto_delete=True, message_ttl=5.0, expires=60.0)
      else:  # kombu.pidbox.Mailbox: fanout exchange and queue, neither durable
          q = kombu.Queue(name, kombu.Exchange(name + '.pidbox', type='fanout', durable=False,
                                               delivery_mode='transient'),
                          durable=False, auto_delete=True, message_ttl=300.0, expires=10.0)
      with kombu.Connection(url) as conn:
          q(conn.default_channel).declare()
      print(json.dumps({'declared': name}))
      """;

  /** Sends a task with Celery's send_task: argv = url, queue, task id. */
  private static final String SEND_TASK = """
      import sys, json
      from celery import Celery
      url, queue, task_id = sys.argv[1:4]
      app = Celery('interop', broker=url)
      app.send_task('tasks.add', args=(2, 3), kwargs={'z': 1}, queue=queue, task_id=task_id,
                    retries=2, time_limit=30, soft_time_limit=20.5, ignore_result=True,
                    priority=5, headers={'x-big': 2 ** 40, 'x-neg': -(2 ** 40)})
      print(json.dumps({'sent': task_id}))
      """;

  /** Reads one message with kombu: argv = url, queue. */
  private static final String GET = """
      import sys, json, kombu
      url, queue = sys.argv[1:3]
      with kombu.Connection(url) as conn:
          m = kombu.Queue(queue, no_declare=True)(conn.default_channel).get(no_ack=True)
          props = {k: v for k, v in m.properties.items() if k != 'application_headers'}
          print(json.dumps({'headers': m.headers, 'header_order': list(m.headers),
                            'properties': props, 'content_type': m.content_type,
                            'content_encoding': m.content_encoding,
                            'body': m.body if isinstance(m.body, str)
                                    else m.body.decode('utf-8'),
                            'delivery_info': {k: m.delivery_info[k]
                                              for k in ('exchange', 'routing_key')}}))
      """;

  private static RabbitTestBroker broker;
  private Transport transport;
  private String name;

  @BeforeAll
  static void createVhost() {
    broker = new RabbitTestBroker("kombu");
  }

  @AfterAll
  static void deleteVhost() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void open(TestInfo info) {
    name = info.getTestMethod().orElseThrow().getName();
    transport = Transports.open(broker.url());
  }

  @AfterEach
  void close() {
    transport.close();
  }

  private static QueueSpec javaSpec(String kind, String name) {
    return switch (kind) {
      case "task" -> new QueueSpec(name, name, "direct", name, true, Map.of("x-max-priority", 10));
      case "events" ->
          new QueueSpec(name, name + ".celeryev", "topic", "#", false,
              Map.of("x-message-ttl", 5000, "x-expires", 60000))
              .withAutoDelete(true)
              .withExchangeDurable(true);
      default ->
          new QueueSpec(name, name + ".pidbox", "fanout", "", false,
              Map.of("x-message-ttl", 300000, "x-expires", 10000))
              .withAutoDelete(true);
    };
  }

  @Test
  void pythonThenJavaDeclareTheSameEntitiesWithoutPreconditionFailed() {
    for (String kind : List.of("task", "events", "pidbox")) {
      String queue = name + "." + kind;
      PythonCelery.run(DECLARE, broker.url(), kind, queue);

      transport.declareQueue(javaSpec(kind, queue));
    }

    assertThat(broker.listQueues("name", "durable", "auto_delete"))
        .contains(name + ".task\ttrue\tfalse", name + ".events\tfalse\ttrue",
            name + ".pidbox\tfalse\ttrue");
  }

  @Test
  void javaThenPythonDeclareTheSameEntitiesWithoutPreconditionFailed() {
    for (String kind : List.of("task", "events", "pidbox")) {
      String queue = name + "." + kind;
      transport.declareQueue(javaSpec(kind, queue));

      JsonNode out = PythonCelery.run(DECLARE, broker.url(), kind, queue);

      assertThat(out.get("declared").asText()).isEqualTo(queue);
    }
    assertThat(broker.listExchanges("name", "type", "durable"))
        .contains(name + ".task\tdirect\ttrue", name + ".events.celeryev\ttopic\ttrue",
            name + ".pidbox.pidbox\tfanout\tfalse");
  }

  @Test
  void consumesATaskSentByPythonCeleryAndDecodesItsHeaders() {
    String taskId = "6e1c1f2e-7c1b-4a5e-9d7e-" + Integer.toHexString(name.hashCode());
    PythonCelery.run(SEND_TASK, broker.url(), name, taskId);
    Recorder recorder = new Recorder();

    transport.consume(List.of(QueueSpec.of(name)), 1, recorder);

    await().atMost(TIMEOUT).until(() -> recorder.count() == 1);
    Delivery delivery = recorder.get(0);
    DecodedTask task = new TaskMessageCodec(AcceptContent.of("json")).decode(delivery.message());
    TaskHeaders h = task.headers();
    assertThat(h.task()).isEqualTo("tasks.add");
    assertThat(h.id()).isEqualTo(taskId);
    assertThat(h.retries()).isEqualTo(2);
    assertThat(h.timeLimit()).isEqualTo(30.0);
    assertThat(h.softTimeLimit()).isEqualTo(20.5);
    assertThat(h.ignoreResult()).isTrue();
    assertThat(h.lang()).isEqualTo("py");
    assertThat(h.extra()).containsEntry("x-big", 1L << 40).containsEntry("x-neg", -(1L << 40));
    assertThat(delivery.message().headers().get("retries")).isInstanceOf(Integer.class);
    assertThat(delivery.message().headers().get("timelimit")).isEqualTo(Arrays.asList(30, 20.5));
    assertThat(task.body().args().toString()).isEqualTo("[2,3]");
    assertThat(delivery.info().priority()).isEqualTo(5);
    assertThat(delivery.info().exchange()).isEmpty();
    assertThat(delivery.info().routingKey()).isEqualTo(name);
    assertThat(delivery.message().properties().correlationId()).isEqualTo(taskId);
    assertThat(delivery.message().properties().deliveryMode())
        .isEqualTo(MessageProperties.PERSISTENT);
    delivery.settlement().ack();
  }

  @Test
  void kombuReadsAJavaPublishedMessageWithItsHeadersAndProperties() {
    QueueSpec queue = QueueSpec.of(name);
    transport.declareQueue(queue);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "java");
    headers.put("task", "tasks.add");
    headers.put("id", "id-1");
    headers.put("eta", null);
    headers.put("retries", 3L);
    headers.put("timelimit", Arrays.asList(30L, 20.5));
    headers.put("ignore_result", true);
    headers.put("x-big", 1L << 40);
    headers.put("x-neg", -(1L << 40));
    headers.put("x-nested", Map.of("k\u00e9", List.of("\uD83D\uDE00", false)));
    TaskMessage sent =
        new TaskMessage("application/json", "utf-8", headers,
            new MessageProperties("id-1", "replies", 2, 7, "60000", Map.of()),
            "[[2, 3], {}, {}]".getBytes(StandardCharsets.UTF_8));

    transport.publish("", queue.name(), sent);
    JsonNode got = PythonCelery.run(GET, broker.url(), queue.name());

    List<String> order = new ArrayList<>();
    got.get("header_order").forEach(n -> order.add(n.asText()));
    assertThat(order).containsExactlyElementsOf(headers.keySet());
    JsonNode h = got.get("headers");
    assertThat(h.get("retries").isInt()).isTrue();
    assertThat(h.get("retries").asInt()).isEqualTo(3);
    assertThat(h.get("timelimit").toString()).isEqualTo("[30,20.5]");
    assertThat(h.get("eta").isNull()).isTrue();
    assertThat(h.get("ignore_result").asBoolean()).isTrue();
    assertThat(h.get("x-big").asLong()).isEqualTo(1L << 40);
    assertThat(h.get("x-neg").asLong()).isEqualTo(-(1L << 40));
    assertThat(h.get("x-nested").toString()).isEqualTo("{\"k\u00e9\":[\"\uD83D\uDE00\",false]}");
    JsonNode p = got.get("properties");
    assertThat(p.get("correlation_id").asText()).isEqualTo("id-1");
    assertThat(p.get("reply_to").asText()).isEqualTo("replies");
    assertThat(p.get("delivery_mode").asInt()).isEqualTo(2);
    assertThat(p.get("priority").asInt()).isEqualTo(7);
    assertThat(p.get("expiration").asText()).isEqualTo("60000");
    assertThat(got.get("content_type").asText()).isEqualTo("application/json");
    assertThat(got.get("content_encoding").asText()).isEqualTo("utf-8");
    assertThat(got.get("body").asText()).isEqualTo("[[2, 3], {}, {}]");
    assertThat(got.at("/delivery_info/routing_key").asText()).isEqualTo(queue.name());
  }
}
