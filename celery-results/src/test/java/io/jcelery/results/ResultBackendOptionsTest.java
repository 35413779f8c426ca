package io.jcelery.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.BodyCodecs;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResultBackendOptionsTest {

  @Test
  @DisplayName("defaults are Celery's: json, accept json, one day")
  void defaultsAreCeleryDefaults() {
    assertThat(ResultBackendOptions.DEFAULT.serializer().name()).isEqualTo("json");
    assertThat(ResultBackendOptions.DEFAULT.accept().allows("application/json")).isTrue();
    assertThat(ResultBackendOptions.DEFAULT.expires()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  @DisplayName("a serializer outside the accepted content is refused, naming result_accept_content")
  void rejectsSerializerNotAccepted() {
    ResultBackendOptions.Builder builder =
        ResultBackendOptions.builder()
            .serializer(BodyCodecs.msgpack())
            .accept(AcceptContent.of("json"));

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            ResultBackendOptions.InvalidOptionException.class,
            e -> assertThat(e.key()).isEqualTo("result_accept_content"))
        .hasMessageContaining("msgpack");
  }

  @Test
  @DisplayName("a negative result_expires is refused, naming it")
  void rejectsNegativeExpires() {
    ResultBackendOptions.Builder builder =
        ResultBackendOptions.builder().expires(Duration.ofSeconds(-1));

    assertThatThrownBy(builder::build).hasMessageContaining("result_expires");
  }

  @Test
  @DisplayName("an unknown scheme fails naming the known ones")
  void unknownSchemeFails() {
    assertThatThrownBy(() -> ResultBackends.open("couchbase://", ResultBackendOptions.DEFAULT))
        .isInstanceOf(ResultBackendException.class)
        .hasMessageContaining("couchbase")
        .hasMessageContaining("redis")
        .hasMessageContaining("rpc");
  }
}
