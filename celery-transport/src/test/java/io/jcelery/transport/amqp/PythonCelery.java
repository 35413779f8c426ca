package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short script with the Python that has Celery 5.2.6 and kombu 5.2.4 ({@code
 * /usr/bin/python3}, or the {@code python.celery} property / {@code PYTHON_CELERY}); the script
 * prints one JSON document. A missing interpreter or library fails the test, naming it.
 */
final class PythonCelery {

  static final String PYTHON =
      System.getProperty("python.celery",
          System.getenv().getOrDefault("PYTHON_CELERY", "/usr/bin/python3"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private PythonCelery() {}

  /** Runs {@code script} with {@code args} as {@code sys.argv[1:]}; returns its JSON output. */
  static JsonNode run(String script, String... args) {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail(PYTHON + " did not finish within 60 s");
      }
      String stderr = new String(err, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        return fail(PYTHON + " (needs celery 5.2.6 and kombu 5.2.4) failed with exit "
            + process.exitValue() + ":\n" + stderr);
      }
      return JSON.readTree(out);
    } catch (IOException e) {
      return fail("Cannot run " + PYTHON + " (set python.celery to a Python with celery 5.2.6): "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
