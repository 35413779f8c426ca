package io.jcelery.protocol.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.Signature;
import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.TaskMessageCodec;
import io.jcelery.protocol.vectors.VectorFile;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolOneUpgradeTest {

  private static final TaskMessageCodec CODEC = new TaskMessageCodec(AcceptContent.DEFAULT);

  private static ObjectNode body(String json) {
    return (ObjectNode) VectorFile.readTree(json);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "producer/redis/protocol_v1.json",
        "producer/amqp/protocol_v1.json",
        "producer_main/redis/protocol_v1.json",
        "producer_main/amqp/protocol_v1.json"
      })
  void upgradesPlainProtocolOneMessages(String vector) {
    DecodedTask task = CODEC.decode(VectorFile.load(vector).messages().get(0).message());
    assertThat(task.protocol()).isEqualTo(1);
    assertThat(task.utc()).isTrue();
    assertThat(task.headers().task()).isEqualTo("tasks.add");
    assertThat(task.headers().id()).isEqualTo("cda27f7f-5144-5eca-84c4-07a42eae8550");
    assertThat(task.headers().retries()).isZero();
    assertThat(task.headers().timeLimit()).isNull();
    assertThat(task.headers().softTimeLimit()).isNull();
    // proto1_to_proto2: saferepr(args) of the decoded list, not the producer's tuple form.
    assertThat(task.headers().argsrepr()).isEqualTo("[2, 3]");
    assertThat(task.headers().kwargsrepr()).isEqualTo("{}");
    assertThat(task.headers().extra()).isEmpty();
    assertThat(task.body().args().toString()).isEqualTo("[2,3]");
    assertThat(task.body().embed().chain()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "producer/redis/protocol_v1_eta_link.json",
        "producer/amqp/protocol_v1_eta_link.json"
      })
  void keepsEtaExpiresAndCallbacks(String vector) {
    VectorFile.Captured captured = VectorFile.load(vector).messages().get(0);
    JsonNode payload =
        VectorFile.readTree(
            captured.entry().has("payload_text")
                ? captured.entry().get("payload_text").asText()
                : captured.entry().get("body_text").asText());
    DecodedTask task = CODEC.decode(captured.message());
    assertThat(task.headers().eta()).isEqualTo(payload.get("eta").asText());
    assertThat(task.headers().expires()).isEqualTo(payload.get("expires").asText());
    assertThat(task.body().embed().callbacks())
        .extracting(Signature::task)
        .containsExactly("tasks.mul");
    assertThat(task.body().embed().chain()).isNull();
  }

  @Test
  void copiesTasksetToGroupAndReadsUtcFlag() {
    ProtocolOneUpgrade.Upgraded upgraded =
        ProtocolOneUpgrade.upgrade(
            body(
                "{\"task\": \"t\", \"id\": \"i\", \"group\": null, \"taskset\": \"g\", \"utc\":"
                    + " false, \"chord\": {\"task\": \"c\"}, \"errbacks\": [{\"task\": \"e\"}]}"),
            Map.of());
    assertThat(upgraded.headers()).containsEntry("group", "g").containsEntry("retries", 0);
    assertThat(upgraded.headers().get("timelimit")).isEqualTo(Arrays.asList(null, null));
    assertThat(upgraded.utc()).isFalse();
    assertThat(upgraded.body().get(0).isArray()).isTrue();
    assertThat(upgraded.body().get(1).isObject()).isTrue();
    assertThat(upgraded.body().get(2).toString())
        .isEqualTo(
            "{\"callbacks\":null,\"errbacks\":[{\"task\":\"e\"}],"
                + "\"chain\":null,\"chord\":{\"task\":\"c\"}}");
  }

  @Test
  void letsMessageHeadersOverrideTheBody() {
    ProtocolOneUpgrade.Upgraded upgraded =
        ProtocolOneUpgrade.upgrade(
            body("{\"task\": \"t\", \"id\": \"i\", \"args\": [1], \"argsrepr\": \"(1,)\"}"),
            Map.of("id", "from-header", "x-custom", "v"));
    assertThat(upgraded.headers())
        .containsEntry("id", "from-header")
        .containsEntry("x-custom", "v")
        .containsEntry("argsrepr", "(1,)");
  }

  @Test
  void rejectsWrongArgShapes() {
    assertThatThrownBy(
            () -> ProtocolOneUpgrade.upgrade(body("{\"task\": \"t\", \"args\": 5}"), Map.of()))
        .isInstanceOf(InvalidTaskException.class);
    assertThatThrownBy(
            () -> ProtocolOneUpgrade.upgrade(body("{\"task\": \"t\", \"kwargs\": [1]}"), Map.of()))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessage("Task keyword arguments must be a mapping");
  }
}
