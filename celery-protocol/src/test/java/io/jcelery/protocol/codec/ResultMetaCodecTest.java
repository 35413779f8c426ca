package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ExceptionInfo;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.vectors.VectorFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResultMetaCodecTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Every celery-task-meta-* value a real 5.2.6 worker stored, as the exact JSON text. */
  static Stream<Named<String>> storedMetas() {
    List<Named<String>> metas = new ArrayList<>();
    for (String file :
        List.of(
            "worker/redis/result_meta_redis_backend.json",
            "worker/redis/result_meta_redis_backend_extended.json")) {
      JsonNode results = VectorFile.load(file).json().get("results");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> result = it.next();
        JsonNode value = result.getValue();
        if (value.isObject() && value.get("key").asText().startsWith("celery-task-meta-")) {
          metas.add(Named.of(result.getKey(), value.get("value_text").asText()));
        }
      }
    }
    return metas.stream();
  }

  @ParameterizedTest
  @MethodSource("storedMetas")
  void roundTripsStoredMetaToTheSameBytes(String stored) {
    byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
    ResultMeta meta = ResultMetaCodec.fromTree(BodyCodecs.json().decode(bytes));
    assertThat(
            new String(
                BodyCodecs.json().encode(ResultMetaCodec.toTree(meta)), StandardCharsets.UTF_8))
        .isEqualTo(stored);
  }

  @Test
  void readsFailureMetaWithExceptionAndParent() {
    String stored =
        storedMetas()
            .filter(n -> n.getName().equals("retry_max_exceeded"))
            .findFirst()
            .orElseThrow()
            .getPayload();
    ResultMeta meta =
        ResultMetaCodec.fromTree(BodyCodecs.json().decode(stored.getBytes(StandardCharsets.UTF_8)));
    assertThat(meta.state()).isEqualTo(TaskState.FAILURE);
    assertThat(meta.parentId()).isEqualTo(meta.taskId());
    assertThat(meta.groupId()).isNull();
    assertThat(meta.extended()).isNull();
    assertThat(meta.traceback()).startsWith("Traceback (most recent call last):");
    ExceptionInfo exception = ExceptionTrees.fromTree(meta.result());
    assertThat(exception)
        .isEqualTo(
            new ExceptionInfo("RuntimeError", NODES.arrayNode().add("always failing"), "builtins"));
  }

  @Test
  void readsExtendedFields() {
    String stored =
        storedMetas()
            .filter(n -> n.getName().equals("ext_retry"))
            .findFirst()
            .orElseThrow()
            .getPayload();
    ResultMeta meta =
        ResultMetaCodec.fromTree(BodyCodecs.json().decode(stored.getBytes(StandardCharsets.UTF_8)));
    assertThat(meta.status()).isEqualTo("RETRY");
    assertThat(meta.dateDone()).isNull();
    assertThat(meta.extended().name()).isEqualTo("tasks.retry_once_to");
    assertThat(meta.extended().kwargs().get("queue").asText()).isEqualTo("retry_capture");
    assertThat(meta.extended().worker()).isEqualTo("vecworker@vm");
    assertThat(meta.extended().queue()).isEqualTo("celery");
  }

  @Test
  void writesOptionalKeysOnlyWhenPresentInCeleryOrder() {
    ResultMeta plain =
        new ResultMeta(
            "SUCCESS",
            NODES.numberNode(5),
            null,
            null,
            "2024-05-06T10:11:12.123456",
            null,
            null,
            null,
            "id");
    assertThat(iterable(ResultMetaCodec.toTree(plain).fieldNames()))
        .containsExactly("status", "result", "traceback", "children", "date_done", "task_id");
    ResultMeta full =
        new ResultMeta(
            "SUCCESS",
            NODES.numberNode(5),
            null,
            NODES.arrayNode(),
            "2024-05-06T10:11:12.123456",
            "gid",
            "pid",
            new ResultMeta.Extended(
                "tasks.add", NODES.arrayNode(), NODES.objectNode(), "w@h", 0, "celery"),
            "id");
    assertThat(iterable(ResultMetaCodec.toTree(full).fieldNames()))
        .containsExactly(
            "status",
            "result",
            "traceback",
            "children",
            "date_done",
            "group_id",
            "parent_id",
            "name",
            "args",
            "kwargs",
            "worker",
            "retries",
            "queue",
            "task_id");
  }

  @Test
  void rejectsTreesThatAreNotMeta() {
    assertThatThrownBy(() -> ResultMetaCodec.fromTree(NODES.objectNode().put("result", 1)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void formatsDateDoneAsNaiveUtcLikeCelery526() {
    assertThat(ResultMetaCodec.dateDone(Instant.parse("2024-05-06T10:11:12.123456789Z")))
        .isEqualTo("2024-05-06T10:11:12.123456");
    assertThat(ResultMetaCodec.dateDone(Instant.parse("2024-05-06T10:11:12Z")))
        .isEqualTo("2024-05-06T10:11:12");
  }

  private static List<String> iterable(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
