package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.transport.TransportException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpTransportOptionsTest {

  @Test
  void defaultsMirrorCelerysBrokerSettings() {
    AmqpTransportOptions options = AmqpTransportOptions.defaults();

    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(options.heartbeat()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.recoveryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.connectionName()).isEqualTo("jcelery");
  }

  @Test
  void urlQueryIsReadAndTransportOptionsWin() {
    AmqpTransportOptions options =
        AmqpTransportOptions.from(
            Map.of("heartbeat", 10), Map.of("heartbeat", "30", "connect_timeout", "2.5"));

    assertThat(options.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void readsJceleryOptions() {
    AmqpTransportOptions options =
        AmqpTransportOptions.from(
            Map.of("publish_timeout", "1.5", "recovery_interval", 0.2, "connection_name", "w1"));

    assertThat(options.publishTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(options.recoveryInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(options.connectionName()).isEqualTo("w1");
  }

  @Test
  void rejectsMalformedValuesNamingTheOption() {
    assertThatThrownBy(() -> AmqpTransportOptions.from(Map.of("heartbeat", "often")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("heartbeat");
    assertThatThrownBy(() -> AmqpTransportOptions.from(Map.of("publish_timeout", 0)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("publish_timeout");
  }

  @Test
  void acceptsKombuConnectionArgumentsItIgnores() {
    AmqpTransportOptions options =
        AmqpTransportOptions.from(Map.of("confirm_publish", true, "login_method", "AMQPLAIN"));

    assertThat(options).isEqualTo(AmqpTransportOptions.defaults());
  }
}
