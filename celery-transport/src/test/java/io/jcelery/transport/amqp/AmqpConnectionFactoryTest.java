package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcelery.transport.BrokerUrl;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpConnectionFactoryTest {

  private static AmqpConnectionFactory factory(String url, Map<String, Object> options) {
    AmqpUrls urls = AmqpUrls.parse(BrokerUrl.parse(url));
    return new AmqpConnectionFactory(urls, AmqpTransportOptions.from(options, urls.query()));
  }

  @Test
  void connectsWithTheUrlsCredentialsVhostAndTimeouts() {
    AmqpConnectionFactory factory =
        factory("amqp://alice:pw@h:5673/prod?heartbeat=30", Map.of("connect_timeout", 2));

    assertThat(factory.getUsername()).isEqualTo("alice");
    assertThat(factory.getPassword()).isEqualTo("pw");
    assertThat(factory.getVirtualHost()).isEqualTo("prod");
    assertThat(factory.getRequestedHeartbeat()).isEqualTo(30);
    assertThat(factory.getConnectionTimeout()).isEqualTo(2000);
    assertThat(factory.isSSL()).isFalse();
  }

  @Test
  void recoversConnectionsButLeavesTopologyToTheTransport() {
    AmqpConnectionFactory factory = factory("amqp://", Map.of("recovery_interval", 0.5));

    assertThat(factory.isAutomaticRecoveryEnabled()).isTrue();
    assertThat(factory.isTopologyRecoveryEnabled()).isFalse();
    assertThat(factory.getNetworkRecoveryInterval()).isEqualTo(500);
  }

  @Test
  void amqpsUsesTls() {
    assertThat(factory("amqps://h", Map.of()).isSSL()).isTrue();
    assertThat(factory("amqps://h?ssl_cert_reqs=CERT_NONE", Map.of()).isSSL()).isTrue();
  }
}
