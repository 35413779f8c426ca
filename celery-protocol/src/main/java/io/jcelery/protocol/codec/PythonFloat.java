package io.jcelery.protocol.codec;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code float.__repr__}: the shortest digits that round-trip, in fixed notation when the
 * decimal exponent is between -4 and 16, else as {@code 1e-07} / {@code 1.5e+300}. Used by the json
 * and yaml codecs and by {@link PythonRepr} so that Java writes floats exactly as Python does.
 */
public final class PythonFloat {

  private PythonFloat() {}

  /** {@code repr(value)}: {@code 2.5}, {@code 1e-07}, {@code 1e+16}, {@code nan}, {@code inf}. */
  public static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    String sign = value < 0 ? "-" : "";
    // Schubfach gives the same shortest round-trip digits as CPython's dtoa mode 0; only the
    // layout differs ("1.0E-7" against "1e-07"), so re-lay the digits out the Python way.
    String java = shortest(Math.abs(value));
    int e = java.indexOf('E');
    String mantissa = e < 0 ? java : java.substring(0, e);
    int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int decimalPoint = dot + exponent;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    digits = digits.substring(lead);
    decimalPoint -= lead;
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    return sign + layout(digits, decimalPoint);
  }

  /**
   * The JSON form Python's {@code json.dumps} writes: {@code NaN} and {@code Infinity} spelled out.
   */
  public static String json(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    return repr(value);
  }

  /** PyYAML's {@code represent_float}: {@code .inf}, {@code .nan}, {@code 1.0e-07}. */
  static String yaml(double value) {
    if (Double.isNaN(value)) {
      return ".nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? ".inf" : "-.inf";
    }
    String repr = repr(value);
    if (repr.indexOf('.') < 0 && repr.indexOf('e') >= 0) {
      repr = repr.replaceFirst("e", ".0e");
    }
    return repr;
  }

  private static String shortest(double positive) {
    if (positive >= Double.MIN_NORMAL) {
      return DoubleToDecimal.toString(positive);
    }
    // Java's algorithm keeps two digits for the tiniest subnormals (4.9E-324) where CPython's
    // shortest round-trip gives one (5e-324), so search those few values directly.
    BigDecimal exact = new BigDecimal(positive);
    for (int precision = 1; ; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == positive) {
        return candidate.unscaledValue() + ".0E" + (-candidate.scale());
      }
    }
  }

  private static String layout(String digits, int decimalPoint) {
    if (decimalPoint > -4 && decimalPoint <= 16) {
      if (decimalPoint <= 0) {
        return "0." + "0".repeat(-decimalPoint) + digits;
      }
      if (decimalPoint >= digits.length()) {
        return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
      }
      return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }
    int exp = decimalPoint - 1;
    String fraction = digits.length() > 1 ? "." + digits.substring(1) : "";
    String expDigits = Integer.toString(Math.abs(exp));
    return digits.charAt(0)
        + fraction
        + "e"
        + (exp < 0 ? "-" : "+")
        + (expDigits.length() < 2 ? "0" : "")
        + expDigits;
  }
}
