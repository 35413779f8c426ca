package io.jcelery.worker;

import io.jcelery.client.Celery;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.transport.Transport;
import io.jcelery.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Runs a worker over the in-memory transport and result backend, both named after the test so
 * tests never share queues or results.
 */
abstract class WorkerTestSupport {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  String name;
  String queue;
  Celery app;
  Worker worker;
  LogCapture logs;

  @BeforeEach
  void setUpApp(TestInfo test) {
    Tasks.reset();
    name = test.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID();
    queue = "q-" + name;
    logs = new LogCapture();
    app = Celery.create(settings().build());
  }

  /** The app settings; tests may add to them before the app is built. */
  CelerySettings.Builder settings() {
    return CelerySettings.builder()
        .set("broker_url", "memory://" + name)
        .set("result_backend", "memory://" + name)
        .set("task_default_queue", queue);
  }

  /** Rebuilds the app with extra settings. */
  void reconfigure(Map<String, Object> extra) {
    app.close();
    CelerySettings.Builder builder = settings();
    extra.forEach(builder::set);
    app = Celery.create(builder.build());
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    Tasks.gate.countDown();
    if (worker != null) {
      worker.shutdown();
      worker.awaitTermination(TIMEOUT);
    }
    app.close();
    logs.close();
  }

  WorkerOptions.Builder options() {
    return WorkerOptions.builder().nodeName("test@localhost").queues(queue).concurrency(2);
  }

  Worker start(WorkerOptions.Builder options) {
    worker = new Worker(app, List.of(Tasks.class), options.build());
    worker.start();
    return worker;
  }

  /** A transport on the same in-memory broker, to look at the queue from outside. */
  Transport observer() {
    return Transports.open("memory://" + name);
  }

  /** Publishes a raw message to the worker's queue. */
  void publishRaw(String contentType, String body, Map<String, Object> headers) {
    String id = (String) headers.getOrDefault("id", UUID.randomUUID().toString());
    Map<String, Object> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("id", id);
    app.transport()
        .publish(
            "",
            queue,
            new TaskMessage(
                contentType,
                "utf-8",
                all,
                MessageProperties.forTask(id, "reply"),
                body.getBytes(StandardCharsets.UTF_8)));
  }
}
