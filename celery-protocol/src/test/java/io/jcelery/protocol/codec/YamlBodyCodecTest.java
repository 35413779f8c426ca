package io.jcelery.protocol.codec;

import static io.jcelery.protocol.vectors.TreeComparison.assertSameTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.vectors.VectorFile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YamlBodyCodecTest {

  private static final BodyCodec YAML = BodyCodecs.yaml();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonNode decode(String text) {
    return YAML.decode(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(JsonNode tree) {
    return new String(YAML.encode(tree), StandardCharsets.UTF_8);
  }

  @Test
  void decodesPyYamlTimestampsAsIsoTextAndBinaryAsBytes() throws Exception {
    VectorFile.Captured captured =
        VectorFile.load("producer/redis/special_types_yaml.json").messages().get(0);
    JsonNode args = YAML.decode(captured.payload()).get(0);
    assertThat(args.get(0).asText()).isEqualTo("2024-05-06T07:08:09.123456");
    assertThat(args.get(1).asText()).isEqualTo("2024-05-06");
    assertThat(args.get(2).binaryValue()).containsExactly(0x00, 0xff, 'b', 'i', 'n');
    assertThat(args.get(3).asText()).isEqualTo("h\u00e9llo");
  }

  @Test
  void decodesAwareTimestampsWithPythonOffsets() {
    JsonNode tree = decode("[2024-05-06 07:08:09.5Z, 2024-05-06t07:08:09 -05:30, '2024-05-06']");
    assertThat(tree.get(0).asText()).isEqualTo("2024-05-06T07:08:09.500000+00:00");
    assertThat(tree.get(1).asText()).isEqualTo("2024-05-06T07:08:09-05:30");
    assertThat(tree.get(2).asText()).isEqualTo("2024-05-06");
  }

  @Test
  void resolvesPlainScalarsWithYaml11RulesLikePyYaml() {
    JsonNode tree = decode("[yes, Off, ~, 0x1f, 1_000, 1.0e-07, .inf, '1']");
    assertThat(tree.get(0).booleanValue()).isTrue();
    assertThat(tree.get(1).booleanValue()).isFalse();
    assertThat(tree.get(2).isNull()).isTrue();
    assertThat(tree.get(3).intValue()).isEqualTo(31);
    assertThat(tree.get(4).intValue()).isEqualTo(1000);
    assertThat(tree.get(5).doubleValue()).isEqualTo(1e-7);
    assertThat(tree.get(6).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(tree.get(7).isTextual()).isTrue();
  }

  @Test
  void writesLikeSafeDump() {
    ArrayNode tree = NODES.arrayNode();
    tree.addArray().add(2).add(3);
    tree.addObject();
    tree.addObject().putNull("chord").putNull("callbacks");
    assertThat(encode(tree)).isEqualTo("- - 2\n  - 3\n- {}\n- callbacks: null\n  chord: null\n");
  }

  @Test
  void quotesStringsPyYamlWouldReadAsOtherTypes() {
    ArrayNode tree = NODES.arrayNode();
    for (String text : new String[] {"yes", "null", "", "1.5", "0b_", "=", "2024-05-06", "~"}) {
      tree.add(text);
    }
    String yaml = encode(tree);
    assertThat(yaml).doesNotContain("- yes\n", "- =\n", "- 0b_\n", "- 2024-05-06\n");
    assertSameTree(decode(yaml), tree);
  }

  @Test
  void writesFloatsAsPyYaml() {
    ArrayNode tree =
        NODES
            .arrayNode()
            .add(1e-7)
            .add(1e16)
            .add(2.5)
            .add(Double.NaN)
            .add(Double.NEGATIVE_INFINITY);
    assertThat(encode(tree)).isEqualTo("- 1.0e-07\n- 1.0e+16\n- 2.5\n- .nan\n- -.inf\n");
  }

  @Test
  void escapesNonAsciiAndControlCharacters() {
    String yaml = encode(NODES.arrayNode().add("h\u00e9llo \uD83D\uDE00").add("nul\0"));
    assertThat(yaml).isEqualTo("- \"h\\xe9llo \\U0001f600\"\n- \"nul\\0\"\n");
    assertThat(decode(yaml).get(0).asText()).isEqualTo("h\u00e9llo \uD83D\uDE00");
  }

  @Test
  void roundTripsBinary() {
    ArrayNode tree = NODES.arrayNode().add(new byte[] {0, (byte) 0xff, 'b'});
    assertThat(encode(tree)).contains("!!binary");
    assertSameTree(decode(encode(tree)), tree);
  }

  @Test
  void rejectsMalformedYamlAsDecodeError() {
    assertThatThrownBy(() -> decode("[1, 2"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Cannot decode yaml payload");
    assertThatThrownBy(() -> decode("[2024-13-45]")).isExactlyInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("!!python/object:os.system {}"))
        .isExactlyInstanceOf(ProtocolException.class);
  }
}
