package io.jcelery.worker.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * kombu's {@code kombu/utils/limits.py} {@code TokenBucket}: holds at most {@code capacity}
 * tokens, starts full and refills at {@code fillRate} tokens per second. Not thread-safe; the
 * {@link RateLimiter} guards each bucket.
 */
final class TokenBucket {

  private final double fillRate;
  private final double capacity;
  private final Clock clock;
  private double tokens;
  private Instant timestamp;

  TokenBucket(double fillRate, double capacity, Clock clock) {
    this.fillRate = fillRate;
    this.capacity = capacity;
    this.clock = clock;
    this.tokens = capacity;
    this.timestamp = clock.instant();
  }

  /** Takes one token when there is one ({@code can_consume}). */
  boolean canConsume() {
    if (1 <= tokens()) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** How long until one token is available ({@code expected_time}). */
  Duration expectedTime() {
    double available = tokens();
    double seconds = (Math.max(1, available) - available) / fillRate;
    return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
  }

  private double tokens() {
    if (tokens < capacity) {
      Instant now = clock.instant();
      double elapsed = Duration.between(timestamp, now).toNanos() / 1e9;
      tokens = Math.min(capacity, tokens + fillRate * Math.max(0, elapsed));
      timestamp = now;
    }
    return tokens;
  }
}
