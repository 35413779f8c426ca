package io.jcelery.bench.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.CeleryTimeoutException;
import io.jcelery.client.SendOptions;
import io.jcelery.client.config.CelerySettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java client of the benchmark's sequential round trips ({@code bench/run.py}): jcelery's
 * producer sends {@code bench.noop} and waits for its result with {@code AsyncResult.get}, one at
 * a time, to the queue of each side in turn (the order rotating every turn, as the Python client
 * does), first {@code warmup} round trips per side unmeasured, so both the client's JIT and the
 * workers are warm. Prints one JSON object: for each side the list of round-trip times and of the
 * client process's CPU time per round trip, in milliseconds.
 *
 * <pre>
 * java -cp bench/jmh/target/benchmarks.jar io.jcelery.bench.driver.RoundTrips \
 *     BROKER_URL BACKEND_URL COUNT WARMUP side=queue [side=queue ...]
 * </pre>
 */
public final class RoundTrips {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RoundTrips() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length < 5) {
      System.err.println(
          "usage: RoundTrips BROKER_URL BACKEND_URL COUNT WARMUP side=queue [side=queue ...]");
      System.exit(2);
    }
    int count = Integer.parseInt(argv[2]);
    int warmup = Integer.parseInt(argv[3]);
    Map<String, SendOptions> sides = new LinkedHashMap<>();
    for (int i = 4; i < argv.length; i++) {
      String[] sideQueue = argv[i].split("=", 2);
      sides.put(sideQueue[0], SendOptions.builder().queue(sideQueue[1]).build());
    }
    List<String> order = new ArrayList<>(sides.keySet());
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
    CelerySettings settings =
        CelerySettings.builder()
            .set("broker_url", argv[0])
            .set("result_backend", argv[1])
            .build();
    try (Celery app = Celery.create(settings)) {
      for (String side : order) {
        out.put(side, Map.of("times_ms", new ArrayList<>(), "cpu_ms", new ArrayList<>()));
      }
      for (int i = 0; i < warmup; i++) {
        for (String side : order) {
          roundTrip(app, side, sides.get(side), "warm-up round trip " + i);
        }
      }
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < order.size(); k++) {
          String side = order.get((i + k) % order.size());
          long cpu = os.getProcessCpuTime();
          long start = System.nanoTime();
          roundTrip(app, side, sides.get(side), "round trip " + i);
          long elapsed = System.nanoTime() - start;
          out.get(side).get("times_ms").add(elapsed / 1e6);
          out.get(side).get("cpu_ms").add((os.getProcessCpuTime() - cpu) / 1e6);
        }
      }
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  /**
   * One round trip. A result not ready in {@link #TIMEOUT} fails the run, saying which side and
   * task, and whether the result came later (a slow worker) or not in another 30 s (lost).
   */
  private static void roundTrip(Celery app, String side, SendOptions options, String which) {
    AsyncResult result = app.sendTask("bench.noop", List.of(), Map.of(), options);
    try {
      result.get(TIMEOUT);
    } catch (CeleryTimeoutException e) {
      long start = System.nanoTime();
      String later;
      try {
        result.get(Duration.ofSeconds(30));
        later = String.format("its result came %.1f s later", (System.nanoTime() - start) / 1e9);
      } catch (CeleryTimeoutException again) {
        later = "no result in another 30 s";
      }
      throw new IllegalStateException(
          String.format(
              "%s of side %s: task %s not ready after %s, %s",
              which, side, result.id(), TIMEOUT, later),
          e);
    }
  }
}
