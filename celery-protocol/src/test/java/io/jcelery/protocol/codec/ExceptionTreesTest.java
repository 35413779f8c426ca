package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ExceptionInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExceptionTreesTest {

  static final class Nested extends RuntimeException {
    Nested(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Test
  void describesJavaExceptionsForPython() {
    ExceptionInfo info = ExceptionTrees.of(new IllegalStateException("boom"));
    assertThat(info.excType()).isEqualTo("IllegalStateException");
    assertThat(info.excModule()).isEqualTo("java.lang");
    assertThat(info.excMessage()).isEqualTo(JsonNodeFactory.instance.arrayNode().add("boom"));
  }

  @Test
  void usesSimpleNameForNestedClassesAndEmptyArgsWithoutMessage() {
    ExceptionInfo info = ExceptionTrees.of(new Nested(null, null));
    assertThat(info.excType()).isEqualTo("Nested");
    assertThat(info.excModule()).isEqualTo("io.jcelery.protocol.codec");
    assertThat(info.excMessage().isArray()).isTrue();
    assertThat(info.excMessage()).isEmpty();
  }

  @Test
  void writesCeleryKeyOrder() {
    String json =
        new String(
            BodyCodecs.json()
                .encode(ExceptionTrees.toTree(ExceptionTrees.of(new RuntimeException("x")))),
            StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"exc_type\": \"RuntimeException\", \"exc_message\": [\"x\"], \"exc_module\":"
                + " \"java.lang\"}");
  }

  @Test
  void readsBackWhatItWritesAndNothingElse() {
    ExceptionInfo info = ExceptionTrees.of(new RuntimeException("x"));
    assertThat(ExceptionTrees.fromTree(ExceptionTrees.toTree(info))).isEqualTo(info);
    assertThat(ExceptionTrees.fromTree(JsonNodeFactory.instance.numberNode(5))).isNull();
    assertThat(ExceptionTrees.fromTree(JsonNodeFactory.instance.objectNode().put("exc_type", "X")))
        .isNull();
    assertThat(ExceptionTrees.fromTree(null)).isNull();
  }

  @Test
  void printsStackTraceWithCauses() {
    String traceback =
        ExceptionTrees.traceback(new Nested("outer", new IllegalArgumentException("inner")));
    assertThat(traceback)
        .startsWith(Nested.class.getName() + ": outer")
        .contains("Caused by: java.lang.IllegalArgumentException: inner")
        .contains("\tat ");
  }
}
