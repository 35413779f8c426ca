package io.jcelery.worker;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Celery's retry arithmetic: {@code Task.retry} and {@code get_exponential_backoff_interval}. */
class RetryPolicyTest {

  private static RetryPolicy backoff(int factor, int max, boolean jitter) {
    return new RetryPolicy(3, Duration.ofSeconds(180), List.of(), factor, max, jitter);
  }

  @Test
  void backoffDoublesPerRetryUpToTheMaximum() {
    RetryPolicy policy = backoff(3, 20, false);
    assertThat(List.of(0, 1, 2, 3, 100).stream().map(policy::autoretryCountdown))
        .containsExactly(
            Duration.ofSeconds(3),
            Duration.ofSeconds(6),
            Duration.ofSeconds(12),
            Duration.ofSeconds(20),
            Duration.ofSeconds(20));
  }

  @Test
  void jitterPicksAWholeNumberOfSecondsBetweenZeroAndTheBackoff() {
    RetryPolicy policy = backoff(1, 600, true);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.autoretryCountdown(3)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
    }
  }

  @Test
  void withoutBackoffAnAutomaticRetryUsesTheDefaultDelay() {
    assertThat(backoff(0, 600, true).autoretryCountdown(2)).isNull();
  }

  @Test
  void aRetryWithoutCountdownOrEtaWaitsTheDefaultDelay() {
    Retry retry =
        RetryPolicy.DEFAULT.retry(request("t", "[]", "{}").context(), RetryOptions.DEFAULT);
    assertThat(retry.countdown()).isEqualTo(Duration.ofSeconds(180));
    assertThat(retry.eta()).isNull();
    assertThat(retry).hasMessage("Retry in 180s");
  }

  @Test
  void aRetryMessageNamesTheDelayAndTheExceptionAsCeleryDoes() {
    RetryOptions options =
        RetryOptions.builder()
            .exc(new IllegalStateException("boom"))
            .countdown(Duration.ofMillis(200))
            .build();
    Retry retry = RetryPolicy.DEFAULT.retry(request("t", "[]", "{}").context(), options);
    assertThat(retry).hasMessage("Retry in 0.2s: IllegalStateException('boom')");
    OffsetDateTime at = OffsetDateTime.parse("2030-01-02T03:04:05Z");
    Retry atRetry =
        RetryPolicy.DEFAULT.retry(
            request("t", "[]", "{}").context(), RetryOptions.builder().eta(at).build());
    assertThat(atRetry.eta()).isEqualTo(at);
    assertThat(atRetry).hasMessage("Retry at 2030-01-02T03:04:05Z");
  }

  @Test
  void maxRetriesOfTheCallOverridesTheTasks() {
    RetryOptions options = RetryOptions.builder().maxRetries(0).exc(new IOException("x")).build();
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.retry(request("t", "[]", "{}").context(), options))
        .isInstanceOf(IOException.class)
        .hasMessage("x");
  }

  @Test
  void noLimitRetriesForever() {
    RetryPolicy unlimited = new RetryPolicy(null, Duration.ZERO, List.of(), 0, 600, true);
    assertThat(unlimited.retry(request("t", "[]", "{}").context(), RetryOptions.DEFAULT))
        .isInstanceOf(Retry.class);
  }

  @Test
  void autoretryMatchesSubclassesButNeverARetry() {
    RetryPolicy policy =
        new RetryPolicy(3, Duration.ZERO, List.of(RuntimeException.class), 0, 600, true);
    assertThat(policy.autoretries(new IllegalStateException())).isTrue();
    assertThat(policy.autoretries(new IOException())).isFalse();
    Retry retry = policy.retry(request("t", "[]", "{}").context(), RetryOptions.DEFAULT);
    assertThat(policy.autoretries(retry)).isFalse();
  }
}
