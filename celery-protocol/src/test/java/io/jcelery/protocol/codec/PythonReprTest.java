package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.vectors.VectorFile;
import io.jcelery.protocol.vectors.VectorFile.Captured;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PythonReprTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Cases whose Python args held values JSON has no type for (datetime, Decimal, ...). */
  private static final Set<String> NOT_JSON_ARGS =
      Set.of("argsrepr_override", "special_types_json", "special_types_yaml", "bytes_json");

  @Test
  void printsArgsAsTuple() {
    assertThat(PythonRepr.argsrepr(NODES.arrayNode().add(2).add(3))).isEqualTo("(2, 3)");
    assertThat(PythonRepr.argsrepr(NODES.arrayNode().add(1))).isEqualTo("(1,)");
    assertThat(PythonRepr.argsrepr(NODES.arrayNode())).isEqualTo("()");
  }

  @Test
  void printsKwargsAsDict() {
    ObjectNode kwargs = NODES.objectNode().put("x", 1).put("y", "two");
    assertThat(PythonRepr.kwargsrepr(kwargs)).isEqualTo("{'x': 1, 'y': 'two'}");
    assertThat(PythonRepr.kwargsrepr(NODES.objectNode())).isEqualTo("{}");
  }

  @Test
  void printsPythonLiterals() {
    ArrayNode values =
        NODES.arrayNode().addNull().add(true).add(false).add(1e-7).add(2.5).add(1e16).add("it's");
    assertThat(PythonRepr.saferepr(values))
        .isEqualTo("[None, True, False, 1e-07, 2.5, 1e+16, 'it\\'s']");
  }

  @Test
  void printsBytesAsTextOrHex() {
    ArrayNode args = NODES.arrayNode().add(new byte[] {0, (byte) 0xff, 'b'}).add(new byte[] {'v'});
    assertThat(PythonRepr.argsrepr(args)).isEqualTo("(b'00ff62', b'v')");
  }

  @Test
  void abbreviatesContainersThreeLevelsDeep() {
    ObjectNode deep = NODES.objectNode();
    deep.putObject("nested").putArray("list").add(1);
    assertThat(PythonRepr.argsrepr(NODES.arrayNode().add(deep)))
        .isEqualTo("({'nested': {'list': [...]}},)");
  }

  @Test
  void cutsLongTextAtTheLimitAndClosesBrackets() {
    ArrayNode numbers = NODES.arrayNode();
    for (int i = 0; i < 1000; i++) {
      numbers.add(i);
    }
    String repr = PythonRepr.argsrepr(NODES.arrayNode().add(numbers));
    assertThat(repr).hasSize(1035).endsWith(", 225, 22..., ...],)");
  }

  static Stream<JsonNode> celeryCases() throws IOException {
    try (InputStream in =
        PythonReprTest.class.getResourceAsStream("/saferepr/saferepr_cases.json")) {
      List<JsonNode> cases = new ArrayList<>();
      new ObjectMapper().readTree(in).forEach(cases::add);
      return cases.stream();
    }
  }

  /** saferepr_cases.json holds Celery 5.2.6's own output for random values and limits. */
  @ParameterizedTest
  @MethodSource("celeryCases")
  void matchesCeleryOnGeneratedValues(JsonNode testCase) {
    int limit = testCase.get("limit").asInt();
    assertThat(PythonRepr.argsrepr((ArrayNode) testCase.get("args"), limit))
        .isEqualTo(testCase.get("argsrepr").asText());
    assertThat(PythonRepr.saferepr(testCase.get("kwargs"), limit))
        .isEqualTo(testCase.get("kwargsrepr").asText());
  }

  static Stream<VectorFile> producerFiles() {
    return VectorFile.producerFiles()
        .filter(f -> !f.json().path("messages").isEmpty())
        .filter(f -> !NOT_JSON_ARGS.contains(f.caseName()))
        .filter(f -> !f.caseName().startsWith("protocol_v1") && !f.caseName().equals("add_pickle"))
        .filter(f -> !f.caseName().equals("compression_brotli"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("producerFiles")
  void reproducesTheProducersArgsreprAndKwargsrepr(VectorFile file) {
    TaskMessageCodec codec = new TaskMessageCodec(AcceptContent.of("json", "msgpack", "yaml"));
    for (Captured captured : file.messages()) {
      DecodedTask task = codec.decode(captured.message());
      assertThat(PythonRepr.argsrepr(task.body().args())).isEqualTo(task.headers().argsrepr());
      assertThat(PythonRepr.kwargsrepr(task.body().kwargs()))
          .isEqualTo(task.headers().kwargsrepr());
    }
  }
}
