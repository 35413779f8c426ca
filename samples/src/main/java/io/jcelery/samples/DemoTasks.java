package io.jcelery.samples;

import io.jcelery.worker.CeleryTask;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** The tasks of the README demo ({@code scripts/demo.sh}). */
public final class DemoTasks {

  // tag::tasks[]
  @CeleryTask("demo.add")
  public static long add(long x, long y) {
    return x + y;
  }

  @CeleryTask("demo.word_count")
  public static Map<String, Integer> wordCount(String text) {
    Map<String, Integer> counts = new TreeMap<>();
    Arrays.stream(text.toLowerCase().split("\\W+"))
        .filter(word -> !word.isEmpty())
        .forEach(word -> counts.merge(word, 1, Integer::sum));
    return counts;
  }

  @CeleryTask("demo.fail")
  public static void fail(String message) {
    throw new IllegalStateException(message);
  }
  // end::tasks[]

  private DemoTasks() {}
}
