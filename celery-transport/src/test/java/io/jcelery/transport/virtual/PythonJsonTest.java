package io.jcelery.transport.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jcelery.protocol.codec.PythonFloat;
import io.jcelery.transport.TransportException;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PythonJsonTest {

  @ParameterizedTest
  @CsvSource({
    "1.0, 1.0",
    "20.5, 20.5",
    "0.1, 0.1",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "1e15, 1000000000000000.0",
    "1e16, 1e+16",
    "1.5e300, 1.5e+300",
    "-2.5e-7, -2.5e-07",
    "123456789.125, 123456789.125",
    "3.141592653589793, 3.141592653589793",
  })
  void writesFloatsAsPythonRepr(double value, String python) {
    assertThat(PythonFloat.json(value)).isEqualTo(python);
  }

  @Test
  void escapesLikeEnsureAscii() {
    assertThat(PythonJson.write("h\u00e9llo \uD83D\uDE00 \"q\" \\ /\n\t\u0001\u007f"))
        .isEqualTo("\"h\\u00e9llo \\ud83d\\ude00 \\\"q\\\" \\\\ /\\n\\t\\u0001\\u007f\"");
  }

  @Test
  void writesContainersWithPythonSeparators() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", Arrays.asList(1, null, true, List.of()));
    map.put("b", Map.of());
    map.put("c", new BigInteger("123456789012345678901234567890"));

    assertThat(PythonJson.write(map))
        .isEqualTo(
            "{\"a\": [1, null, true, []], \"b\": {},"
                + " \"c\": 123456789012345678901234567890}");
  }

  @Test
  void readsObjectsInDocumentOrder() {
    Object tree = PythonJson.read("{\"z\": 1, \"a\": [2.5, \"x\"], \"m\": NaN}");

    assertThat(tree).isInstanceOf(Map.class);
    assertThat(List.copyOf(((Map<?, ?>) tree).keySet())).isEqualTo(List.of("z", "a", "m"));
    assertThat(PythonJson.write(tree)).isEqualTo("{\"z\": 1, \"a\": [2.5, \"x\"], \"m\": NaN}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1, \"b\": 2147483648, \"c\": 123456789012345678901234567890, \"d\": -0.5}",
        "[1e3, 2.5E-3, NaN, Infinity, -Infinity, -0.0, 0]",
        "{\"dup\": 1, \"x\": [], \"dup\": {\"y\": null, \"z\": [true, false, \"\\u00e9\"]}}",
        "\"just a string\"",
        "42",
        "null",
        "{\"k\": [[[[{}]]]]} trailing text is ignored"
      })
  void readsTheSameValuesAsJacksonsUntypedDeserializer(String text) throws Exception {
    ObjectMapper jackson =
        JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    Object expected = jackson.readValue(text, Object.class);

    Object read = PythonJson.read(text);

    assertThat(read).isEqualTo(expected);
    assertThat(typesOf(read)).isEqualTo(typesOf(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{\"a\": ", "{'a': 1}", "[1, 2"})
  void refusesTextThatIsNotJson(String text) {
    assertThatThrownBy(() -> PythonJson.read(text))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("Not a JSON document");
  }

  private static String typesOf(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder("Map{");
      map.forEach((k, v) -> sb.append(k).append('=').append(typesOf(v)).append(','));
      return sb.append('}').toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(PythonJsonTest::typesOf).toList().toString();
    }
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
