package io.jcelery.protocol;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO-8601 text as Celery reads and writes it in the {@code eta} and {@code expires} headers.
 *
 * <p>Parsing mirrors {@code celery/utils/iso8601.py} {@code parse_iso8601} as the 5.2.6 worker uses
 * it ({@code Request.__init__}): the text must start with a date, may continue with any one
 * separator character, {@code HH:MM[:SS[.fraction]]} and {@code Z} or {@code ±HH:MM}; anything
 * after the match is ignored. A value without an offset is taken as UTC, as Celery's worker does.
 * Quirk kept on purpose so that Python and Java workers agree on the same message: the fraction
 * digits are read as a whole number of microseconds, so {@code .5} is 5 µs and more than 999999 is
 * invalid. Producers write six digits ({@link #format(OffsetDateTime)}), which is unambiguous.
 *
 * <p>Formatting mirrors Python's {@code datetime.isoformat()}: the fraction is written with six
 * digits and omitted when it is zero.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Iso8601 {

  private static final Pattern ISO8601 =
      Pattern.compile(
          "([0-9]{4})(-([0-9]{1,2})(-([0-9]{1,2})"
              + "((.)([0-9]{2}):([0-9]{2})"
              + "(:([0-9]{2})(\\.([0-9]+))?)?"
              + "(Z|(([-+])([0-9]{2}):([0-9]{2})))?)?)?)?");

  private static final int MAX_MICROS = 999_999;

  private Iso8601() {}

  /**
   * Parses an {@code eta} / {@code expires} value.
   *
   * @param text the header value; not null
   * @return the instant with the offset the text carried, UTC when it had none
   * @throws InvalidTaskException when the text is not a date Celery could parse
   */
  public static OffsetDateTime parse(String text) {
    Matcher m = ISO8601.matcher(text);
    if (!m.lookingAt() || m.group(3) == null || m.group(5) == null) {
      throw new InvalidTaskException("unable to parse date string '" + text + "'");
    }
    try {
      if (Integer.parseInt(m.group(1)) < 1) {
        throw new DateTimeException("year 0 is out of range");
      }
      int micros = micros(m.group(13));
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(5)),
              intOrZero(m.group(8)),
              intOrZero(m.group(9)),
              intOrZero(m.group(11)),
              micros * 1000);
      return local.atOffset(offset(m));
    } catch (DateTimeException | NumberFormatException e) {
      throw new InvalidTaskException(
          "unable to parse date string '" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * Formats like Python's {@code isoformat()} of an aware datetime: {@code
   * 2024-05-06T07:08:09.123456+00:00}; the fraction is truncated to microseconds and omitted when
   * zero.
   */
  public static String format(OffsetDateTime value) {
    return format(value.toLocalDateTime()) + formatOffset(value.getOffset());
  }

  /** Formats like Python's {@code isoformat()} of a naive datetime: {@code 2024-05-06T07:08:09}. */
  public static String format(LocalDateTime value) {
    StringBuilder sb = new StringBuilder(32);
    int year = value.getYear();
    if (year >= 0) {
      padZeros(sb, year, 4);
    } else {
      sb.append(String.format("%04d", year));
    }
    sb.append('-');
    pad2(sb, value.getMonthValue());
    sb.append('-');
    pad2(sb, value.getDayOfMonth());
    sb.append('T');
    return sb.append(format(value.toLocalTime())).toString();
  }

  /**
   * Formats like Python's {@code time.isoformat()}: {@code 07:08:09} or {@code 07:08:09.000500}.
   */
  public static String format(LocalTime value) {
    StringBuilder sb = new StringBuilder(16);
    pad2(sb, value.getHour());
    sb.append(':');
    pad2(sb, value.getMinute());
    sb.append(':');
    pad2(sb, value.getSecond());
    int micros = value.getNano() / 1000;
    if (micros != 0) {
      padZeros(sb.append('.'), micros, 6);
    }
    return sb.toString();
  }

  /** Python's offset form: {@code +00:00}, {@code -05:00} ({@code +05:30:15} with seconds). */
  public static String formatOffset(ZoneOffset offset) {
    int total = offset.getTotalSeconds();
    StringBuilder sb = new StringBuilder(9).append(total < 0 ? '-' : '+');
    total = Math.abs(total);
    pad2(sb, total / 3600);
    sb.append(':');
    pad2(sb, total / 60 % 60);
    if (total % 60 != 0) {
      sb.append(':');
      pad2(sb, total % 60);
    }
    return sb.toString();
  }

  private static ZoneOffset offset(Matcher m) {
    String tz = m.group(14);
    if (tz == null || tz.equals("Z")) {
      return ZoneOffset.UTC;
    }
    int hours = Integer.parseInt(m.group(17));
    int minutes = Integer.parseInt(m.group(18));
    int sign = m.group(16).equals("-") ? -1 : 1;
    return ZoneOffset.ofTotalSeconds(sign * (hours * 3600 + minutes * 60));
  }

  private static int micros(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String digits = fraction.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 6 || Integer.parseInt(digits) > MAX_MICROS) {
      throw new DateTimeException("microsecond must be in 0..999999");
    }
    return Integer.parseInt(digits);
  }

  private static int intOrZero(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }

  /** Appends a non-negative number with leading zeros up to {@code width} digits. */
  private static void padZeros(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }

  private static void pad2(StringBuilder sb, int value) {
    if (value < 10) {
      sb.append('0');
    }
    sb.append(value);
  }
}
