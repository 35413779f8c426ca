package io.jcelery.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Celery's {@code LimitedSet} semantics of the revoked ids. */
class RevokedTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void theOldestIdsGoFirstWhenFull() {
    Revoked revoked = new Revoked(2, Duration.ofHours(1), now::get);
    revoked.addAll(List.of("a", "b"));
    revoked.add("c");
    assertThat(revoked.contains("a")).isFalse();
    assertThat(revoked.contains("b")).isTrue();
    assertThat(revoked.contains("c")).isTrue();
    assertThat(revoked.size()).isEqualTo(2);
  }

  @Test
  void idsAreForgottenOnceExpiredAndReAddingRestartsTheirExpiry() {
    Revoked revoked = new Revoked(10, Duration.ofSeconds(10), now::get);
    revoked.add("a");
    now.set(Duration.ofSeconds(6).toNanos());
    revoked.add("b");
    revoked.add("a");
    now.set(Duration.ofSeconds(12).toNanos());
    assertThat(revoked.contains("a")).isTrue();
    assertThat(revoked.contains("b")).isTrue();
    now.set(Duration.ofSeconds(16).toNanos());
    assertThat(revoked.contains("a")).isFalse();
    assertThat(revoked.size()).isZero();
  }

  @Test
  void celeryEnvironmentVariablesSetTheLimits() {
    Revoked revoked =
        Revoked.fromEnvironment(
            Map.of("CELERY_WORKER_REVOKES_MAX", "1", "CELERY_WORKER_REVOKE_EXPIRES", "60"));
    revoked.addAll(List.of("a", "b"));
    assertThat(revoked.size()).isEqualTo(1);
    assertThatThrownBy(() -> Revoked.fromEnvironment(Map.of("CELERY_WORKER_REVOKES_MAX", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CELERY_WORKER_REVOKES_MAX");
  }
}
