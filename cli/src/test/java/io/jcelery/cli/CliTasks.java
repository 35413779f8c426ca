package io.jcelery.cli;

import io.jcelery.worker.CeleryTask;
import java.util.List;
import java.util.Map;

/** Tasks the command-line tests run. */
public final class CliTasks {

  private CliTasks() {}

  @CeleryTask("cli.add")
  public static int add(int x, int y) {
    return x + y;
  }

  @CeleryTask("cli.echo")
  public static Map<String, List<String>> echo(Map<String, List<String>> value) {
    return value;
  }

  @CeleryTask("cli.fail")
  public static void fail(String message) {
    throw new IllegalStateException(message);
  }
}
