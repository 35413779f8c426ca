package io.jcelery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jcelery.client.AsyncResult;
import io.jcelery.client.Celery;
import io.jcelery.client.SendOptions;
import io.jcelery.protocol.Iso8601;
import io.jcelery.protocol.codec.ValueTree;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jcelery call}: sends a task by name and prints its id (Celery's {@code celery call});
 * with {@code --wait} also its result as JSON, or the remote error as {@code Type: message} with
 * exit code 1.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = "Send a task by name; print its id, and with --wait its result.")
final class CallCommand implements Callable<Integer> {

  @ParentCommand JCelery jcelery;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK", description = "Task name, e.g. tasks.add.")
  String task;

  @Option(names = {"-a", "--args"}, paramLabel = "JSON", description = "Positional arguments, a JSON list.")
  String args = "[]";

  @Option(names = {"-k", "--kwargs"}, paramLabel = "JSON", description = "Keyword arguments, a JSON object.")
  String kwargs = "{}";

  @Option(names = {"-Q", "--queue"}, paramLabel = "QUEUE", description = "Queue (default task_default_queue).")
  String queue;

  @Option(names = "--countdown", paramLabel = "SECONDS", description = "Run no earlier than this many seconds from now.")
  Double countdown;

  @Option(names = "--eta", paramLabel = "ISO", description = "Run no earlier than this time (ISO 8601).")
  String eta;

  @Option(names = "--expires", paramLabel = "SECONDS|ISO", description = "Expire after this many seconds, or at this time.")
  String expires;

  @Option(names = {"-s", "--serializer"}, paramLabel = "NAME", description = "json, msgpack or yaml (default task_serializer).")
  String serializer;

  @Option(names = {"-b", "--broker"}, paramLabel = "URL", description = "broker_url")
  String broker;

  @Option(names = "--result-backend", paramLabel = "URL", description = "result_backend")
  String resultBackend;

  @Option(names = "--wait", description = "Wait for the result and print it as JSON.")
  boolean waitForResult;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long --wait waits (default 60).")
  double timeout = 60;

  @Override
  public Integer call() {
    JCelery.setLogLevel("WARNING");
    List<Object> argList = new ArrayList<>();
    parse("--args", args, true).forEach(argList::add);
    Map<String, Object> kwargMap = new LinkedHashMap<>();
    parse("--kwargs", kwargs, false).fields().forEachRemaining(e -> kwargMap.put(e.getKey(), e.getValue()));
    var settings = jcelery.settings();
    if (broker != null) {
      settings.set("broker_url", broker);
    }
    if (resultBackend != null) {
      settings.set("result_backend", resultBackend);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Celery app = Celery.create(settings.build())) {
      AsyncResult result = app.sendTask(task, argList, kwargMap, sendOptions());
      out.println(result.id());
      out.flush();
      if (!waitForResult) {
        return 0;
      }
      return ResultCommand.print(result, seconds(timeout), out, spec.commandLine().getErr());
    }
  }

  private SendOptions sendOptions() {
    SendOptions.Builder options = SendOptions.builder().queue(queue).serializer(serializer);
    if (countdown != null) {
      options.countdown(seconds(countdown));
    }
    if (eta != null) {
      options.eta(Iso8601.parse(eta));
    }
    if (expires != null) {
      try {
        options.expires(seconds(Double.parseDouble(expires)));
      } catch (NumberFormatException notANumber) {
        options.expires(Iso8601.parse(expires));
      }
    }
    return options.build();
  }

  private JsonNode parse(String option, String json, boolean list) {
    JsonNode tree;
    try {
      tree = ValueTree.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (list ? !tree.isArray() : !tree.isObject()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": expected a JSON " + (list ? "list" : "object") + ", got " + json);
    }
    return tree;
  }

  static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** {@code 1.5s}: a duration as seconds, for messages. */
  static String format(Duration duration) {
    return java.math.BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString()
        + "s";
  }
}
