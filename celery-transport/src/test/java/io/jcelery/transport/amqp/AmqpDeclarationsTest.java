package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpDeclarationsTest {

  @Test
  void typesIntegerArgumentsAsIntegersWhateverTheyCameAs() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("x-max-priority", "10");
    given.put("x-expires", 60000.0);
    given.put("x-message-ttl", 5000L);
    given.put("x-max-length", 1L << 33);
    given.put("x-queue-type", "quorum");
    given.put("x-dead-letter-exchange", "dlx");

    Map<String, Object> typed = AmqpDeclarations.arguments(given);

    assertThat(typed)
        .containsEntry("x-max-priority", 10)
        .containsEntry("x-expires", 60000)
        .containsEntry("x-message-ttl", 5000)
        .containsEntry("x-max-length", 1L << 33)
        .containsEntry("x-queue-type", "quorum")
        .containsEntry("x-dead-letter-exchange", "dlx");
  }

  @Test
  void noArgumentsIsNoTable() {
    assertThat(AmqpDeclarations.arguments(Map.of())).isNull();
  }

  @Test
  void rejectsANonNumericIntegerArgument() {
    assertThatThrownBy(() -> AmqpDeclarations.arguments(Map.of("x-max-priority", "high")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("x-max-priority");
  }

  @Test
  void recognisesQuorumQueuesAndDefaultsTheExchangeTypeToDirect() {
    QueueSpec quorum =
        new QueueSpec("q", "q", "direct", "q", true, Map.of("x-queue-type", "quorum"));

    assertThat(AmqpDeclarations.isQuorum(quorum)).isTrue();
    assertThat(AmqpDeclarations.isQuorum(QueueSpec.of("q"))).isFalse();
    assertThat(AmqpDeclarations.exchangeType(null)).isEqualTo("direct");
    assertThat(AmqpDeclarations.exchangeType("FANOUT")).isEqualTo("fanout");
  }
}
