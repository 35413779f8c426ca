package io.jcelery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.CeleryTimeoutException;
import io.jcelery.client.RemoteTaskException;
import io.jcelery.protocol.TaskState;
import io.jcelery.protocol.codec.ValueTree;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jcelery result}: prints a task's state, then its result as JSON or its error as {@code
 * Type: message} (Celery's {@code celery result}); with {@code --timeout} it first waits for the
 * task to finish. Exits with 1 for a failed or revoked task and when the timeout passes.
 */
@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = "Print the state and result of a task.")
final class ResultCommand implements Callable<Integer> {

  @ParentCommand JCelery jcelery;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  String id;

  @Option(names = "--result-backend", paramLabel = "URL", description = "result_backend")
  String resultBackend;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Wait up to this long for the task to finish (default: do not wait).")
  Double timeout;

  @Override
  public Integer call() {
    JCelery.setLogLevel("WARNING");
    var settings = jcelery.settings();
    if (resultBackend != null) {
      settings.set("result_backend", resultBackend);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Celery app = Celery.create(settings.build())) {
      AsyncResult result = app.asyncResult(id);
      boolean timedOut = false;
      if (timeout != null) {
        try {
          result.get(CallCommand.seconds(timeout));
        } catch (RemoteTaskException e) {
          // printed below, from the stored state
        } catch (CeleryTimeoutException e) {
          timedOut = true;
        }
      }
      TaskState state = result.state();
      out.println(result.status());
      if (state != null && state.propagates()) {
        try {
          result.get(Duration.ZERO);
        } catch (RemoteTaskException e) {
          out.println(e.getMessage());
        }
        return 1;
      }
      out.println(json(result.info()));
      return timedOut ? 1 : 0;
    }
  }

  /**
   * Waits for the result, then prints it: the value as JSON (0), the remote error as {@code Type:
   * message} (1), or a timeout message (1).
   */
  static int print(AsyncResult result, Duration timeout, PrintWriter out, PrintWriter err) {
    try {
      JsonNode value = result.get(timeout);
      out.println(json(value));
      return 0;
    } catch (RemoteTaskException e) {
      err.println(e.getMessage());
      return 1;
    } catch (CeleryTimeoutException e) {
      err.println(
          "Timed out after " + CallCommand.format(timeout) + " waiting for task " + result.id());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static String json(JsonNode value) {
    try {
      return ValueTree.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
