package io.jcelery.worker.dispatch;

import java.util.regex.Pattern;

/**
 * A task type's rate limit in tasks per second, parsed as Celery's {@code
 * celery.utils.time.rate}: {@code "<number>[/s|/m|/h]"}, a plain number meaning per second, and
 * empty or zero meaning no limit. Immutable.
 *
 * @param perSecond tasks per second; 0 means no limit
 * @since 0.1
 */
public record RateLimit(double perSecond) {

  /** No limit. */
  public static final RateLimit NONE = new RateLimit(0);

  // float() in Python accepts more spellings (inf, nan, 1e3); plain decimals cover real use.
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

  /**
   * @throws IllegalArgumentException when {@code perSecond} is negative or not finite
   */
  public RateLimit {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be a finite number >= 0: " + perSecond);
    }
  }

  /**
   * Parses {@code "10/s"}, {@code "100/m"}, {@code "1000/h"} or {@code "2.5"}.
   *
   * @param value the rate text; null or blank means no limit
   * @return the limit, {@link #NONE} for an empty or zero rate
   * @throws IllegalArgumentException for anything else, naming the value
   */
  public static RateLimit parse(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    String text = value.strip();
    int slash = text.indexOf('/');
    String ops = slash < 0 ? text : text.substring(0, slash).strip();
    String modifier = slash < 0 ? "s" : text.substring(slash + 1).strip();
    if (!NUMBER.matcher(ops).matches()) {
      throw new IllegalArgumentException("invalid rate limit '" + value + "': not a number");
    }
    double count = Double.parseDouble(ops);
    double divisor =
        switch (modifier) {
          case "s", "" -> 1;
          case "m" -> 60;
          case "h" -> 3600;
          default ->
              throw new IllegalArgumentException(
                  "invalid rate limit '" + value + "': the unit must be s, m or h");
        };
    return count == 0 ? NONE : new RateLimit(count / divisor);
  }

  /** True when tasks are limited (the rate is above zero). */
  public boolean isLimited() {
    return perSecond > 0;
  }
}
