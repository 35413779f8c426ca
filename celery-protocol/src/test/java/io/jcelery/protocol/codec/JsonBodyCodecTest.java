package io.jcelery.protocol.codec;

import static io.jcelery.protocol.vectors.TreeComparison.assertSameTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.vectors.VectorFile;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonBodyCodecTest {

  private static final BodyCodec JSON = BodyCodecs.json();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static String encode(JsonNode tree) {
    return new String(JSON.encode(tree), StandardCharsets.US_ASCII);
  }

  private static JsonNode decode(String text) {
    return JSON.decode(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesPythonSeparators() {
    ObjectNode tree = NODES.objectNode();
    tree.putArray("a").add(1).add(2);
    tree.putObject("b");
    tree.putNull("c");
    tree.put("d", true);
    assertThat(encode(tree)).isEqualTo("{\"a\": [1, 2], \"b\": {}, \"c\": null, \"d\": true}");
  }

  @Test
  void escapesEveryNonAsciiCharacterLikeEnsureAscii() {
    ArrayNode tree = NODES.arrayNode().add("h\u00e9llo \u2603 \uD83D\uDE00").add("\u007f\u2028");
    assertThat(encode(tree))
        .isEqualTo("[\"h\\u00e9llo \\u2603 \\ud83d\\ude00\", \"\\u007f\\u2028\"]");
  }

  @Test
  void escapesControlCharactersLikePython() {
    assertThat(encode(NODES.textNode("nul\0 tab\t \"q\" \\ \n\r\b\f\u0001/")))
        .isEqualTo("\"nul\\u0000 tab\\t \\\"q\\\" \\\\ \\n\\r\\b\\f\\u0001/\"");
  }

  @ParameterizedTest
  @CsvSource({
    "1e-07, 1e-07",
    "1e16, 1e+16",
    "1e15, 1000000000000000.0",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "2.5, 2.5",
    "3.0, 3.0",
    "-0.0, -0.0",
    "0.1, 0.1",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "4.9e-324, 5e-324",
    "123456789.125, 123456789.125"
  })
  void writesFloatsAsPythonRepr(double value, String python) {
    assertThat(encode(NODES.numberNode(value))).isEqualTo(python);
  }

  @Test
  void writesNonFiniteFloatsAsPythonJson() {
    ArrayNode tree =
        NODES
            .arrayNode()
            .add(Double.NaN)
            .add(Double.POSITIVE_INFINITY)
            .add(Double.NEGATIVE_INFINITY);
    assertThat(encode(tree)).isEqualTo("[NaN, Infinity, -Infinity]");
    assertThat(decode("[NaN, Infinity, -Infinity]").get(1).doubleValue())
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void keepsBigIntegersExact() {
    JsonNode tree = decode("[9007199254740993, 1180591620717411303424, -7]");
    assertThat(tree.get(1).bigIntegerValue()).isEqualTo(BigInteger.TWO.pow(70));
    assertThat(encode(tree)).isEqualTo("[9007199254740993, 1180591620717411303424, -7]");
  }

  @Test
  void readsRawUtf8FromOtherProducers() {
    assertThat(decode("[\"h\u00e9llo \uD83D\uDE00\"]").get(0).asText())
        .isEqualTo("h\u00e9llo \uD83D\uDE00");
  }

  @Test
  void refusesBytesLikeKombu52() {
    assertThatThrownBy(() -> JSON.encode(NODES.arrayNode().add(new byte[] {1})))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("Object of type bytes is not JSON serializable");
  }

  @Test
  void unwrapsKombu53TypedObjects() throws Exception {
    JsonNode tree =
        decode(
            "[{\"__type__\": \"datetime\", \"__value__\": \"2024-05-06T07:08:09+00:00\"},"
                + " {\"__type__\": \"date\", \"__value__\": \"2024-05-06\"}, {\"__type__\":"
                + " \"time\", \"__value__\": \"07:08:09.000500\"}, {\"__type__\": \"decimal\","
                + " \"__value__\": \"3.14\"}, {\"__type__\": \"uuid\", \"__value__\": {\"hex\":"
                + " \"12345678123456781234567812345678\"}}, {\"__type__\": \"bytes\","
                + " \"__value__\": \"\\u0000\\u0001binary\"}, {\"__type__\": \"base64\","
                + " \"__value__\": \"AP8=\"}, {\"__type__\": \"datetime\", \"__value__\": \"x\","
                + " \"other\": 1}]");
    assertThat(tree.get(0).asText()).isEqualTo("2024-05-06T07:08:09+00:00");
    assertThat(tree.get(1).asText()).isEqualTo("2024-05-06");
    assertThat(tree.get(2).asText()).isEqualTo("07:08:09.000500");
    assertThat(tree.get(3).asText()).isEqualTo("3.14");
    assertThat(tree.get(4).asText()).isEqualTo("12345678-1234-5678-1234-567812345678");
    assertThat(tree.get(5).asText()).isEqualTo("\0\u0001binary");
    assertThat(tree.get(6).binaryValue()).containsExactly(0x00, 0xff);
    assertThat(tree.get(7).isObject()).as("three keys: not a typed object").isTrue();
  }

  @Test
  void unwrapsTheTypedObjectsKombuMainWrote() {
    VectorFile.Captured captured =
        VectorFile.load("producer_main/redis/special_types_json.json").messages().get(0);
    JsonNode args = JSON.decode(captured.payload()).get(0);
    assertSameTree(
        args,
        VectorFile.readTree(
            "[\"2024-05-06T07:08:09.123456\", \"2024-05-06T07:08:09+00:00\","
                + " \"2024-05-06T07:08:09+02:00\", \"2024-05-06\", \"07:08:09.000500\","
                + " \"12345678-1234-5678-1234-567812345678\", \"3.14159265358979323846\"]"));
  }

  @Test
  void rejectsUnknownTypeMarker() {
    assertThatThrownBy(() -> decode("{\"__type__\": \"set\", \"__value__\": [1]}"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageContaining("set");
  }

  @Test
  void rejectsMalformedJsonAsDecodeError() {
    assertThatThrownBy(() -> decode("[[2, 3], {}"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Cannot decode json payload");
    assertThatThrownBy(() -> decode("[1] [2]")).isExactlyInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("")).isExactlyInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> JSON.decode(new byte[] {'"', (byte) 0xff, '"'}))
        .isExactlyInstanceOf(ProtocolException.class);
  }
}
