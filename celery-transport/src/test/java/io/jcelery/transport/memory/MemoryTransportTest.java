package io.jcelery.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportContract;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.Transports;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryTransportTest extends TransportContract {

  private final String url = "memory://" + UUID.randomUUID();

  @Override
  protected Transport openTransport() {
    return Transports.open(url, Map.of());
  }

  @Test
  void transportsOfTheSameUrlShareQueues() {
    Transport a = transport();
    Transport b = transport();
    a.declareQueue(QueueSpec.of("shared"));

    a.publish("", "shared", message("id", "x"));

    assertThat(b.size("shared")).isEqualTo(1);
    assertThat(Transports.open("memory://other-" + UUID.randomUUID()).size("shared")).isZero();
  }

  @Test
  void unknownSchemeNamesTheSupportedOnes() {
    assertThatThrownBy(() -> Transports.open("nosuch://host", Map.of()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("nosuch")
        .hasMessageContaining("memory");
  }

  @Test
  void closedTransportRefusesWork() {
    Transport transport = openTransport();
    transport.close();

    assertThatThrownBy(() -> transport.publish("", "q", message("id", "x")))
        .isInstanceOf(TransportException.class);
  }
}
