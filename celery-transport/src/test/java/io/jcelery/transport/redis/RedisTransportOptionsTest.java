package io.jcelery.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedisTransportOptionsTest {

  @Test
  void defaultsAreKombus() {
    RedisTransportOptions o = RedisTransportOptions.defaults();

    assertThat(o.sep()).isEqualTo("\u0006\u0016");
    assertThat(o.unackedKey()).isEqualTo("unacked");
    assertThat(o.unackedIndexKey()).isEqualTo("unacked_index");
    assertThat(o.unackedMutexKey()).isEqualTo("unacked_mutex");
    assertThat(o.unackedMutexExpire()).isEqualTo(Duration.ofSeconds(300));
    assertThat(o.visibilityTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(o.unackedRestoreLimit()).isNull();
    assertThat(o.unackedRestoreInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.prioritySteps()).containsExactly(0, 3, 6, 9);
    assertThat(o.queueOrderStrategy()).isEqualTo("round_robin");
    assertThat(o.fanoutPrefix()).isEqualTo("/{db}.");
  }

  @Test
  void restoreIntervalFollowsAShortVisibilityTimeout() {
    RedisTransportOptions o =
        RedisTransportOptions.from(Map.of("visibility_timeout", 1.5, "max_connections", 20));

    assertThat(o.unackedRestoreInterval()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsWhatItCannotHonour() {
    assertThatThrownBy(() -> RedisTransportOptions.from(Map.of("queue_order_strategy", "x")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("queue_order_strategy");
    assertThatThrownBy(() -> RedisTransportOptions.from(Map.of("visibility_timeout", "soon")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("visibility_timeout");
    assertThatThrownBy(() -> RedisTransportOptions.from(Map.of("body_encoding", "none")))
        .isInstanceOf(TransportException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 0", "3, 3", "5, 3", "6, 6", "8, 6", "9, 9", "12, 9", "-4, 0"})
  void mapsPrioritiesToKombuSteps(int priority, int step) {
    RedisKeys keys = new RedisKeys(RedisTransportOptions.defaults(), 0);

    assertThat(keys.stepFor(priority)).isEqualTo(step);
  }

  @Test
  void namesKeysWithTheGlobalPrefix() {
    RedisKeys keys =
        new RedisKeys(
            RedisTransportOptions.from(Map.of("global_keyprefix", "p:", "priority_steps",
                List.of(0, 5))),
            3);

    assertThat(keys.queueLists("q")).containsExactly("p:q", "p:q\u0006\u00165");
    assertThat(keys.queueOfList("p:q\u0006\u00165")).isEqualTo("q");
    assertThat(keys.binding("celery")).isEqualTo("p:_kombu.binding.celery");
    assertThat(keys.fanoutChannel("celeryev", "worker.heartbeat", true))
        .isEqualTo("p:/3.celeryev/worker.heartbeat");
  }

  @Test
  void takesTheDatabaseFromTheUrlPath() {
    assertThat(RedisConnections.database(BrokerUrl.parse("redis://h:6379/7"))).isEqualTo(7);
    assertThat(RedisConnections.database(BrokerUrl.parse("redis://h"))).isZero();
    assertThatThrownBy(() -> RedisConnections.database(BrokerUrl.parse("redis://h/x")))
        .isInstanceOf(TransportException.class);
  }
}
