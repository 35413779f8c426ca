package io.jcelery.transport.amqp;

import static org.assertj.core.api.Assertions.fail;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local RabbitMQ the integration tests use: {@code rabbitmq.host}/{@code rabbitmq.port}
 * system properties or {@code RABBITMQ_HOST}/{@code RABBITMQ_PORT}, default 127.0.0.1:5672,
 * guest/guest. Each test class works in a vhost of its own, made and removed with {@code
 * rabbitmqctl} ({@code rabbitmqctl} property or {@code RABBITMQCTL}, default from the PATH). A
 * missing broker or tool fails the test, naming it.
 */
final class RabbitTestBroker implements AutoCloseable {

  static final String HOST =
      System.getProperty(
          "rabbitmq.host", System.getenv().getOrDefault("RABBITMQ_HOST", "127.0.0.1"));
  static final int PORT =
      Integer.parseInt(
          System.getProperty(
              "rabbitmq.port", System.getenv().getOrDefault("RABBITMQ_PORT", "5672")));
  static final String RABBITMQCTL =
      System.getProperty("rabbitmqctl", System.getenv().getOrDefault("RABBITMQCTL", "rabbitmqctl"));

  private final String vhost;

  /** Checks the broker is reachable and creates a vhost named after {@code owner}. */
  RabbitTestBroker(String owner) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setPort(PORT);
    factory.setConnectionTimeout(5_000);
    try {
      Connection probe = factory.newConnection("jcelery-it probe");
      probe.close();
    } catch (Exception e) {
      fail("RabbitMQ is not reachable at " + HOST + ":" + PORT
          + " as guest/guest (start it, or set rabbitmq.host/rabbitmq.port): " + e);
    }
    vhost = "jcelery-it-" + owner + "-" + UUID.randomUUID().toString().substring(0, 8);
    rabbitmqctl("add_vhost", vhost);
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  }

  String vhost() {
    return vhost;
  }

  /** {@code amqp://guest:guest@host:port/<vhost>}. */
  String url() {
    return "amqp://guest:guest@" + HOST + ":" + PORT + "/"
        + URLEncoder.encode(vhost, StandardCharsets.UTF_8);
  }

  /** Runs {@code rabbitmqctl} and returns its output; fails the test when it fails. */
  static String rabbitmqctl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(RABBITMQCTL);
    command.add("-q");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " did not finish within 60 s");
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        fail(command + " failed (exit " + process.exitValue() + "): " + out);
      }
      return out;
    } catch (IOException e) {
      return fail("Cannot run " + RABBITMQCTL
          + " (install RabbitMQ's CLI, or set the rabbitmqctl property): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /**
   * Closes, from the broker side, every connection whose client-provided name contains {@code
   * name}; returns how many.
   */
  int closeConnections(String name) {
    int closed = 0;
    String list = rabbitmqctl("list_connections", "--no-table-headers", "pid", "vhost",
        "client_properties");
    for (String line : list.split("\n")) {
      if (line.contains(vhost) && line.contains(name)) {
        String pid = line.substring(0, line.indexOf('\t')).trim();
        rabbitmqctl("close_connection", pid, "jcelery test: broker-side close");
        closed++;
      }
    }
    return closed;
  }

  /** Takes guest's permissions on the vhost away (new connections are refused) or back. */
  void permit(boolean permitted) {
    if (permitted) {
      rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    } else {
      rabbitmqctl("clear_permissions", "-p", vhost, "guest");
    }
  }

  /** {@code rabbitmqctl list_queues} columns for the vhost, one line per queue. */
  String listQueues(String... columns) {
    List<String> args = new ArrayList<>(List.of("list_queues", "--no-table-headers", "-p", vhost));
    args.addAll(List.of(columns));
    return rabbitmqctl(args.toArray(String[]::new));
  }

  /** {@code rabbitmqctl list_exchanges} columns for the vhost. */
  String listExchanges(String... columns) {
    List<String> args =
        new ArrayList<>(List.of("list_exchanges", "--no-table-headers", "-p", vhost));
    args.addAll(List.of(columns));
    return rabbitmqctl(args.toArray(String[]::new));
  }

  /** {@code rabbitmqctl list_channels} columns of this vhost's channels. */
  String listChannels(String... columns) {
    List<String> args = new ArrayList<>(List.of("list_channels", "--no-table-headers", "vhost"));
    args.addAll(List.of(columns));
    StringBuilder mine = new StringBuilder();
    for (String line : rabbitmqctl(args.toArray(String[]::new)).split("\n")) {
      if (line.startsWith(vhost + "\t")) {
        mine.append(line.substring(vhost.length() + 1)).append('\n');
      }
    }
    return mine.toString();
  }

  /** Deletes the vhost and everything in it. */
  @Override
  public void close() {
    rabbitmqctl("delete_vhost", vhost);
  }
}
