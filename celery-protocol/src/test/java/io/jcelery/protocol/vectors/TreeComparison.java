package io.jcelery.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import org.opentest4j.AssertionFailedError;

/**
 * Compares trees as Python compares decoded values: numbers by value whatever node type holds them
 * (IntNode 30 equals LongNode 30), everything else structurally.
 */
public final class TreeComparison {

  private static final Comparator<JsonNode> VALUES =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
          }
          return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private TreeComparison() {}

  /** Fails with both trees printed unless they hold the same values. */
  public static void assertSameTree(JsonNode actual, JsonNode expected) {
    assertSameTree(actual, expected, "trees differ");
  }

  /** Fails with both trees printed unless they hold the same values. */
  public static void assertSameTree(JsonNode actual, JsonNode expected, String description) {
    if (actual == null || expected == null
        ? actual != expected
        : !actual.equals(VALUES, expected)) {
      throw new AssertionFailedError(
          description,
          expected == null ? null : expected.toPrettyString(),
          actual == null ? null : actual.toPrettyString());
    }
  }
}
