package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jcelery.client.AsyncResult;
import io.jcelery.client.config.ConfigurationException;
import io.jcelery.transport.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits on a whole worker over the in-memory transport. */
class WorkerRateLimitTest extends WorkerTestSupport {

  @Test
  void heldRateLimitedRequestsGoBackToTheQueueAtWarmShutdown() throws InterruptedException {
    worker =
        new Worker(app, List.of(Tasks.class, LimitedTasks.class), options().build());
    worker.start();
    AsyncResult first = app.sendTask("tasks.hourly", List.of(1), Map.of());
    AsyncResult second = app.sendTask("tasks.hourly", List.of(2), Map.of());
    AsyncResult third = app.sendTask("tasks.hourly", List.of(3), Map.of());
    AsyncResult unlimited = app.sendTask("tasks.echo", List.of(4), Map.of());
    assertThat(first.get(TIMEOUT, Integer.class)).isEqualTo(1);
    assertThat(unlimited.get(TIMEOUT, Integer.class)).isEqualTo(4);
    try (Transport observer = observer()) {
      await().atMost(TIMEOUT).until(() -> observer.size(queue) == 0);
      worker.shutdown();
      assertThat(worker.awaitTermination(TIMEOUT)).isTrue();
      assertThat(second.meta()).isEmpty();
      assertThat(third.meta()).isEmpty();
      assertThat(observer.size(queue)).isEqualTo(2);
    }
    assertThat(logs.messages()).contains("Giving back 2 held ETA or rate-limited task(s)");
  }

  @Test
  void aMalformedRateLimitFailsTheWorkerNamingTheTaskAndTheValue() {
    assertThatThrownBy(
            () -> new Worker(app, List.of(BadRateTasks.class), options().build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tasks.bad_rate")
        .hasMessageContaining("'10/x'");
  }
}
