package io.jcelery.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.client.config.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

  @Test
  void defaultsFollowCelery() {
    WorkerOptions options = WorkerOptions.builder().build();
    assertThat(options.queues()).containsExactly("celery");
    assertThat(options.prefetchMultiplier()).isEqualTo(4);
    assertThat(options.concurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(options.autoscaleKeepalive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.nodeName()).startsWith("celery@");
    assertThat(options.pool()).isEqualTo(WorkerOptions.Pool.THREADS);
  }

  @Test
  void autoscaleSetsTheInitialAndMaximumPoolSize() {
    WorkerOptions options = WorkerOptions.builder().autoscale(10, 3).concurrency(2).build();
    assertThat(options.initialPoolSize()).isEqualTo(3);
    assertThat(options.maxPoolSize()).isEqualTo(10);
    assertThat(WorkerOptions.Autoscale.parse("8")).isEqualTo(new WorkerOptions.Autoscale(8, 0));
  }

  @Test
  void soloRunsOneTaskAtATime() {
    assertThat(WorkerOptions.builder().pool(WorkerOptions.Pool.SOLO).concurrency(8).build().concurrency())
        .isEqualTo(1);
    assertThatThrownBy(
            () -> WorkerOptions.builder().pool(WorkerOptions.Pool.SOLO).autoscale(2, 1).build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void invalidValuesNameTheCeleryKey() {
    assertThatThrownBy(() -> WorkerOptions.builder().concurrency(0).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("worker_concurrency"))
        .hasMessageContaining("worker_concurrency");
    assertThatThrownBy(() -> WorkerOptions.builder().prefetchMultiplier(-1).build())
        .hasMessageContaining("worker_prefetch_multiplier");
    assertThatThrownBy(() -> WorkerOptions.Autoscale.parse("2,5"))
        .hasMessageContaining("autoscale");
    assertThatThrownBy(() -> WorkerOptions.Pool.parse("prefork"))
        .hasMessageContaining("worker_pool");
    assertThatThrownBy(() -> WorkerOptions.builder().queues(java.util.List.of()).build())
        .hasMessageContaining("-Q");
  }
}
