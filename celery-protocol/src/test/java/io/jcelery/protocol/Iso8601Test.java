package io.jcelery.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Iso8601Test {

  @ParameterizedTest
  @CsvSource({
    "2026-11-22T04:30:53.875184+00:00, 2026-11-22T04:30:53.875184Z",
    "2026-11-22T04:30:53.875184Z, 2026-11-22T04:30:53.875184Z",
    "2026-11-21T23:30:53.875184-05:00, 2026-11-21T23:30:53.875184-05:00",
    "2024-05-06T07:08:09, 2024-05-06T07:08:09Z",
    "2024-05-06 07:08, 2024-05-06T07:08Z",
    "2024-05-06, 2024-05-06T00:00Z",
    "2024-5-6T07:08:09+02:00 trailing text, 2024-05-06T07:08:09+02:00"
  })
  void parsesWhatCelerysParserAccepts(String text, String expected) {
    assertThat(Iso8601.parse(text)).isEqualTo(OffsetDateTime.parse(expected));
  }

  @Test
  void treatsNaiveValuesAsUtc() {
    assertThat(Iso8601.parse("2024-05-06T07:08:09").getOffset()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void readsFractionDigitsAsMicrosecondsLikeCelery() {
    assertThat(Iso8601.parse("2024-05-06T07:08:09.5Z").getNano()).isEqualTo(5_000);
    assertThat(Iso8601.parse("2024-05-06T07:08:09.000500Z").getNano()).isEqualTo(500_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tomorrow",
        "2024",
        "2024-05",
        "2024-13-01",
        "2024-05-06T25:00",
        "2024-05-06T07:08:09.1234567Z",
        "0000-01-01"
      })
  void rejectsGarbageAsInvalidTask(String text) {
    assertThatThrownBy(() -> Iso8601.parse(text))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("unable to parse date string");
  }

  @Test
  void formatsLikePythonIsoformat() {
    assertThat(Iso8601.format(OffsetDateTime.parse("2024-05-06T07:08:09.123456789Z")))
        .isEqualTo("2024-05-06T07:08:09.123456+00:00");
    assertThat(Iso8601.format(OffsetDateTime.parse("2024-05-06T07:08:09-05:00")))
        .isEqualTo("2024-05-06T07:08:09-05:00");
    assertThat(Iso8601.format(LocalDateTime.parse("2024-05-06T07:08:09.000500")))
        .isEqualTo("2024-05-06T07:08:09.000500");
    assertThat(Iso8601.format(LocalTime.parse("07:08:09"))).isEqualTo("07:08:09");
  }

  @Test
  void padsYearsAndMicrosecondsWithZerosAsPythonDoes() {
    assertThat(Iso8601.format(LocalDateTime.parse("0007-01-02T03:04:05.000001")))
        .isEqualTo("0007-01-02T03:04:05.000001");
    assertThat(Iso8601.format(LocalDateTime.parse("0999-12-31T23:59:59.999999")))
        .isEqualTo("0999-12-31T23:59:59.999999");
    assertThat(Iso8601.format(LocalTime.parse("00:00:00.01"))).isEqualTo("00:00:00.010000");
    assertThat(Iso8601.format(LocalDateTime.parse("+12345-01-01T00:00:00")))
        .isEqualTo("12345-01-01T00:00:00");
  }

  @Test
  void parsesWhatItFormats() {
    OffsetDateTime eta = OffsetDateTime.parse("2026-11-22T04:30:53.875184+00:00");
    assertThat(Iso8601.parse(Iso8601.format(eta))).isEqualTo(eta);
  }
}
