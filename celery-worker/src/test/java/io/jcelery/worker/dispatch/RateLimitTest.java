package io.jcelery.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jcelery.worker.BadRateTasks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate texts parse as {@code celery.utils.time.rate} parses them. */
class RateLimitTest {

  @Test
  void parsesPerSecondMinuteAndHour() {
    assertThat(RateLimit.parse("10/s").perSecond()).isEqualTo(10.0);
    assertThat(RateLimit.parse("100/m").perSecond()).isCloseTo(100 / 60.0, within(1e-12));
    assertThat(RateLimit.parse("1000/h").perSecond()).isCloseTo(1000 / 3600.0, within(1e-12));
    assertThat(RateLimit.parse("0.5/s").perSecond()).isEqualTo(0.5);
  }

  @Test
  void plainNumberOrEmptyUnitMeansPerSecond() {
    assertThat(RateLimit.parse("5").perSecond()).isEqualTo(5.0);
    assertThat(RateLimit.parse("2.5").perSecond()).isEqualTo(2.5);
    assertThat(RateLimit.parse("7/").perSecond()).isEqualTo(7.0);
  }

  @Test
  void emptyOrZeroMeansNoLimit() {
    assertThat(RateLimit.parse("")).isEqualTo(RateLimit.NONE);
    assertThat(RateLimit.parse(null)).isEqualTo(RateLimit.NONE);
    assertThat(RateLimit.parse("0/m").isLimited()).isFalse();
    assertThat(RateLimit.parse("1/h").isLimited()).isTrue();
  }

  @Test
  void rejectsUnknownUnitsAndNonNumbers() {
    assertThatThrownBy(() -> RateLimit.parse("10/d")).hasMessageContaining("'10/d'");
    assertThatThrownBy(() -> RateLimit.parse("ten/s")).hasMessageContaining("'ten/s'");
    assertThatThrownBy(() -> RateLimit.parse("-1/s")).hasMessageContaining("'-1/s'");
  }

  @Test
  void registryRejectsABadRateNamingTheTaskAndTheValue() {
    assertThatThrownBy(() -> TaskRegistry.scan(List.of(BadRateTasks.class), TaskDefaults.CELERY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tasks.bad_rate")
        .hasMessageContaining("'10/x'");
  }
}
