package io.jcelery.samples;

import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.RemoteTaskException;
import io.jcelery.client.config.CelerySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer half of the README demo: sends the {@link DemoTasks} through the broker named in a
 * config file and logs their results. Usage: {@code DemoProducer <config.yaml>}.
 */
public final class DemoProducer {
  private static final Logger log = LoggerFactory.getLogger(DemoProducer.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) {
    CelerySettings settings = CelerySettings.builder().file(Path.of(args[0])).build();
    // tag::client[]
    try (Celery app = Celery.create(settings)) {
      AsyncResult sum = app.sendTask("demo.add", List.of(2, 3), Map.of());
      AsyncResult words = app.sendTask("demo.word_count", List.of("the cat and the hat"), Map.of());
      log.info("demo.add(2, 3) = {}", sum.get(TIMEOUT, Long.class));
      log.info("demo.word_count(...) = {}", words.get(TIMEOUT));
      try {
        app.sendTask("demo.fail", List.of("on purpose"), Map.of()).get(TIMEOUT);
      } catch (RemoteTaskException e) {
        log.info("demo.fail raised {}: {}", e.excType(), e.remoteMessage());
      }
    }
    // end::client[]
  }

  private DemoProducer() {}
}
