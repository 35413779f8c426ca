package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTreeTest {

  record Point(int x, int y, String label) {}

  @Test
  void writesDatesAsKombu52Does() {
    assertThat(ValueTree.toTree(OffsetDateTime.parse("2024-05-06T07:08:09Z")).asText())
        .isEqualTo("2024-05-06T07:08:09Z");
    assertThat(ValueTree.toTree(OffsetDateTime.parse("2024-05-06T07:08:09.123456+02:00")).asText())
        .isEqualTo("2024-05-06T07:08:09.123456+02:00");
    assertThat(ValueTree.toTree(Instant.parse("2024-05-06T07:08:09.123456Z")).asText())
        .isEqualTo("2024-05-06T07:08:09.123456Z");
    assertThat(ValueTree.toTree(ZonedDateTime.parse("2024-05-06T07:08:09Z[UTC]")).asText())
        .isEqualTo("2024-05-06T07:08:09Z");
    assertThat(ValueTree.toTree(LocalDateTime.parse("2024-05-06T07:08:09.123456")).asText())
        .isEqualTo("2024-05-06T07:08:09.123456");
    assertThat(ValueTree.toTree(LocalDate.parse("2024-05-06")).asText())
        .isEqualTo("2024-05-06T00:00:00");
    assertThat(ValueTree.toTree(LocalTime.parse("07:08:09.000500")).asText())
        .isEqualTo("07:08:09.000500");
  }

  @Test
  void writesUuidAndDecimalAsText() {
    UUID id = UUID.fromString("12345678-1234-5678-1234-567812345678");
    assertThat(ValueTree.toTree(id).asText()).isEqualTo("12345678-1234-5678-1234-567812345678");
    JsonNode decimal = ValueTree.toTree(new BigDecimal("3.14159265358979323846"));
    assertThat(decimal.isTextual()).isTrue();
    assertThat(decimal.asText()).isEqualTo("3.14159265358979323846");
    assertThat(ValueTree.toTree(new BigDecimal("1E+2")).asText()).isEqualTo("1E+2");
  }

  @Test
  void writesBytesAsBinaryNode() {
    assertThat(ValueTree.toTree(new byte[] {1, 2}).isBinary()).isTrue();
  }

  @Test
  void mapsRecordsMapsAndLists() {
    JsonNode tree = ValueTree.toTree(Map.of("p", new Point(1, 2, "a"), "l", List.of(1, 2)));
    assertThat(tree.get("p").get("x").intValue()).isEqualTo(1);
    assertThat(tree.get("l").size()).isEqualTo(2);
    Point back = ValueTree.fromTree(tree.get("p"), Point.class);
    assertThat(back).isEqualTo(new Point(1, 2, "a"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2024-05-06T07:08:09Z", "2024-05-06T07:08:09+00:00", "2024-05-06T07:08:09"})
  void readsUtcTimesWithZOrOffsetOrNone(String text) {
    OffsetDateTime value = ValueTree.fromTree(ValueTree.toTree(text), OffsetDateTime.class);
    assertThat(value).isEqualTo(OffsetDateTime.parse("2024-05-06T07:08:09Z"));
    Instant instant = ValueTree.fromTree(ValueTree.toTree(text), Instant.class);
    assertThat(instant).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
  }

  @Test
  void readsPythonTextForOtherTypes() {
    assertThat(
            (LocalDate)
                ValueTree.fromTree(ValueTree.toTree("2024-05-06T00:00:00"), LocalDate.class))
        .isEqualTo(LocalDate.parse("2024-05-06"));
    assertThat(
            (LocalDateTime)
                ValueTree.fromTree(
                    ValueTree.toTree("2024-05-06 07:08:09+02:00"), LocalDateTime.class))
        .isEqualTo(LocalDateTime.parse("2024-05-06T05:08:09"));
    assertThat((LocalTime) ValueTree.fromTree(ValueTree.toTree("07:08:09.000500"), LocalTime.class))
        .isEqualTo(LocalTime.parse("07:08:09.000500"));
    assertThat(
            (UUID)
                ValueTree.fromTree(
                    ValueTree.toTree("12345678-1234-5678-1234-567812345678"), UUID.class))
        .isEqualTo(UUID.fromString("12345678-1234-5678-1234-567812345678"));
    assertThat((BigDecimal) ValueTree.fromTree(ValueTree.toTree("3.14"), BigDecimal.class))
        .isEqualTo(new BigDecimal("3.14"));
    assertThat((byte[]) ValueTree.fromTree(ValueTree.toTree("v"), byte[].class))
        .isEqualTo("v".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsGenericTypes() {
    List<Point> points =
        ValueTree.fromTree(
            ValueTree.toTree(List.of(Map.of("x", 1, "y", 2, "extra", true))),
            new TypeReference<List<Point>>() {}.getType());
    assertThat(points).containsExactly(new Point(1, 2, null));
  }

  @Test
  void readsNullTreeAsNull() {
    assertThat((String) ValueTree.fromTree(null, String.class)).isNull();
  }

  @Test
  void rejectsValuesThatDoNotFitNamingTheType() {
    assertThatThrownBy(() -> ValueTree.fromTree(ValueTree.toTree("abc"), int.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"abc\"")
        .hasMessageContaining("int");
    assertThatThrownBy(() -> ValueTree.fromTree(ValueTree.toTree(1.5), int.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueTree.fromTree(ValueTree.toTree(null), int.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueTree.fromTree(ValueTree.toTree("next tuesday"), Instant.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Instant");
  }
}
