package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.Embed;
import io.jcelery.protocol.InvalidTaskException;
import io.jcelery.protocol.MessageProperties;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.Signature;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskHeaders;
import io.jcelery.protocol.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskMessageCodecTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final TaskMessageCodec CODEC = new TaskMessageCodec(AcceptContent.DEFAULT);
  private static final MessageProperties PROPERTIES = MessageProperties.forTask("id-1", "reply");

  private static Map<String, Object> taskHeaders() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("task", "tasks.add");
    headers.put("id", "id-1");
    return headers;
  }

  private static TaskMessage json(String body, Map<String, Object> headers) {
    return new TaskMessage(
        "application/json", "utf-8", headers, PROPERTIES, body.getBytes(StandardCharsets.UTF_8));
  }

  private static TaskHeaders headers() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("x-custom", "value");
    return new TaskHeaders(
        "java",
        "tasks.add",
        "id-1",
        null,
        "2024-05-06T07:08:09+00:00",
        null,
        "g",
        0,
        2,
        30.0,
        20.5,
        "root",
        "parent",
        "(2, 3)",
        "{}",
        "gen1@host",
        true,
        extra);
  }

  @Test
  void encodesHeadersInAsTaskV2Order() {
    TaskMessage message =
        CODEC.encode(
            headers(), new TaskBody(null, null, null), PROPERTIES, BodyCodecs.json(), null);
    assertThat(message.headers().keySet())
        .containsExactly(
            "lang",
            "task",
            "id",
            "shadow",
            "eta",
            "expires",
            "group",
            "group_index",
            "retries",
            "timelimit",
            "root_id",
            "parent_id",
            "argsrepr",
            "kwargsrepr",
            "origin",
            "ignore_result",
            "x-custom");
    assertThat(message.headers().get("timelimit")).isEqualTo(Arrays.asList(30L, 20.5));
    assertThat(message.contentType()).isEqualTo("application/json");
    assertThat(message.contentEncoding()).isEqualTo("utf-8");
    assertThat(new String(message.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "[[], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\":"
                + " null}]");
  }

  @Test
  void addsCompressionHeaderLastWhenCompressing() {
    TaskMessage message =
        CODEC.encode(
            headers(),
            new TaskBody(null, null, null),
            PROPERTIES,
            BodyCodecs.json(),
            Compressors.zlib());
    assertThat(List.copyOf(message.headers().keySet())).last().isEqualTo("compression");
    assertThat(message.compression()).isEqualTo("application/x-gzip");
    assertThat(CODEC.decode(message).headers()).isEqualTo(headers());
  }

  @Test
  void roundTripsCanvas() {
    Signature callback =
        new Signature(
            "tasks.mul",
            NODES.arrayNode().add(10),
            null,
            NODES.objectNode().put("queue", "q"),
            null,
            true);
    Embed embed = new Embed(List.of(callback), null, List.of(callback, callback), callback);
    TaskBody body = new TaskBody(NODES.arrayNode().add(1), NODES.objectNode().put("k", "v"), embed);
    TaskMessageCodec all = new TaskMessageCodec(AcceptContent.of("json", "msgpack", "yaml"));
    for (BodyCodec codec : BodyCodecs.all()) {
      DecodedTask decoded = all.decode(all.encode(headers(), body, PROPERTIES, codec, null));
      assertThat(decoded.body().embed()).as(codec.name()).isEqualTo(embed);
      assertThat(decoded.body().kwargs().get("k").asText()).isEqualTo("v");
    }
  }

  @Test
  void acceptsMissingOrNullEmbed() {
    assertThat(CODEC.decode(json("[[1], {}]", taskHeaders())).body().embed())
        .isEqualTo(Embed.EMPTY);
    assertThat(CODEC.decode(json("[[1], {}, null]", taskHeaders())).body().embed())
        .isEqualTo(Embed.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"args\": 1}",
        "[1, {}, {}]",
        "[[], [], {}]",
        "[[], {}, []]",
        "[[], {}, {\"callbacks\": {}}]",
        "[[], {}, {\"chord\": [1]}]",
        "[[], {}, {\"chain\": [{\"task\": 5}]}]",
        "[[]]",
        "\"text\""
      })
  void rejectsWrongShapesAsInvalidTask(String body) {
    assertThatThrownBy(() -> CODEC.decode(json(body, taskHeaders())))
        .isInstanceOf(InvalidTaskException.class);
  }

  @Test
  void upgradesHybridBodiesSentWithTaskHeaders() {
    DecodedTask task = CODEC.decode(json("{\"args\": [1, 2], \"kwargs\": {}}", taskHeaders()));
    assertThat(task.protocol()).isEqualTo(1);
    assertThat(task.headers().task()).isEqualTo("tasks.add");
    assertThat(task.headers().argsrepr()).isEqualTo("[1, 2]");
    assertThat(task.body().args().size()).isEqualTo(2);
  }

  @Test
  void rejectsMessagesOfNeitherProtocol() {
    assertThatThrownBy(() -> CODEC.decode(json("[[], {}, null]", Map.of())))
        .isInstanceOf(InvalidTaskException.class);
    assertThatThrownBy(() -> CODEC.decode(json("{\"id\": \"x\"}", Map.of())))
        .isInstanceOf(InvalidTaskException.class);
  }

  @Test
  void reportsUndecodablePayloadAsPlainProtocolException() {
    assertThatThrownBy(() -> CODEC.decode(json("[[2, 3", taskHeaders())))
        .isExactlyInstanceOf(ProtocolException.class);
    Map<String, Object> compressed = taskHeaders();
    compressed.put("compression", "application/x-gzip");
    assertThatThrownBy(() -> CODEC.decode(json("[[], {}, null]", compressed)))
        .isExactlyInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsContentOutsideAcceptContent() {
    TaskMessage yaml =
        CODEC.encode(
            headers(), new TaskBody(null, null, null), PROPERTIES, BodyCodecs.yaml(), null);
    assertThatThrownBy(() -> CODEC.decode(yaml))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage("Refusing to deserialize untrusted content of type yaml (application/x-yaml)");
    assertThat(new TaskMessageCodec(AcceptContent.of("yaml")).decode(yaml).headers())
        .isEqualTo(headers());
  }

  @Test
  void givesRawBytesForMessagesWithoutContentType() {
    TaskMessage raw = new TaskMessage(null, "binary", taskHeaders(), PROPERTIES, new byte[] {1, 2});
    JsonNode payload = CODEC.decodePayload(raw);
    assertThat(payload.isBinary()).isTrue();
    assertThatThrownBy(() -> CODEC.decode(raw)).isInstanceOf(InvalidTaskException.class);
  }

  @Test
  void readsHeaderMapsTolerantly() {
    Map<String, Object> map = taskHeaders();
    map.put("retries", 3L);
    map.put("group_index", 1.0);
    map.put("timelimit", Arrays.asList(null, 20));
    map.put("ignore_result", null);
    map.put("compression", "application/x-gzip");
    map.put("stamps", Map.of());
    TaskHeaders headers = TaskMessageCodec.headersFromMap(map);
    assertThat(headers.retries()).isEqualTo(3);
    assertThat(headers.groupIndex()).isEqualTo(1);
    assertThat(headers.timeLimit()).isNull();
    assertThat(headers.softTimeLimit()).isEqualTo(20.0);
    assertThat(headers.ignoreResult()).isFalse();
    assertThat(headers.rootId()).isNull();
    assertThat(headers.extra()).containsOnlyKeys("stamps");
  }

  @Test
  void rejectsHeaderMapsWithoutIdOrWithWrongTypes() {
    Map<String, Object> noId = new LinkedHashMap<>(Map.of("task", "t"));
    assertThatThrownBy(() -> TaskMessageCodec.headersFromMap(noId))
        .isInstanceOf(InvalidTaskException.class);
    Map<String, Object> badRetries = taskHeaders();
    badRetries.put("retries", "many");
    assertThatThrownBy(() -> TaskMessageCodec.headersFromMap(badRetries))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("retries");
    Map<String, Object> badLimit = taskHeaders();
    badLimit.put("timelimit", List.of(1));
    assertThatThrownBy(() -> TaskMessageCodec.headersFromMap(badLimit))
        .isInstanceOf(InvalidTaskException.class);
  }

  @Test
  void convertsSignaturesBothWays() {
    ArrayNode args = NODES.arrayNode().add(4);
    Signature signature = new Signature("tasks.mul", args, null, null, null, false);
    JsonNode tree = TaskMessageCodec.signatureToTree(signature);
    assertThat(tree.toString())
        .isEqualTo(
            "{\"task\":\"tasks.mul\",\"args\":[4],\"kwargs\":{},\"options\":{},"
                + "\"subtask_type\":null,\"immutable\":false}");
    assertThat(TaskMessageCodec.signatureFromTree(tree)).isEqualTo(signature);
    assertThat(TaskMessageCodec.signatureFromTree(NODES.objectNode().put("task", "t")).immutable())
        .isFalse();
  }
}
