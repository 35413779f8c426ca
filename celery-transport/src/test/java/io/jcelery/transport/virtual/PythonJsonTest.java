package io.jcelery.transport.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcelery.protocol.codec.PythonFloat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
}
