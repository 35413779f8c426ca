package io.jcelery.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.jcelery.client.config.CelerySettings;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jcelery} command, Celery's {@code celery} program for Java tasks:
 *
 * <pre>
 * jcelery [-A CLASS[,CLASS...]] [--classpath PATH] [--config FILE] worker|call|result ...
 * </pre>
 *
 * <p>Task classes load from {@code --classpath} (jars and folders separated by {@code :}), else
 * from the {@code CLASSPATH} environment variable. Settings come from the {@code --config} file
 * ({@code .properties} or {@code .yaml}), then the {@code CELERY_*} environment variables, then
 * the subcommand's options, the last winning. Usage errors print to stderr and exit with 2.
 *
 * @since 0.1
 */
@Command(
    name = "jcelery",
    mixinStandardHelpOptions = true,
    versionProvider = JCelery.Version.class,
    description = "Run Celery workers for Java tasks, send tasks and read results.",
    subcommands = {WorkerCommand.class, CallCommand.class, ResultCommand.class})
public final class JCelery {

  @Option(
      names = {"-A", "--app"},
      split = ",",
      paramLabel = "CLASS",
      description = "Classes holding @CeleryTask methods (comma-separated, repeatable).")
  List<String> taskClassNames = new ArrayList<>();

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      description = "Jars and folders to load task classes from, ':'-separated (default: $CLASSPATH).")
  String classpath;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Settings file (.properties or .yaml) with Celery keys such as broker_url.")
  Path config;

  final Map<String, String> env;
  final ShutdownSignal signals;

  JCelery(Map<String, String> env, ShutdownSignal signals) {
    this.env = env;
    this.signals = signals;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = utf8(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = utf8(new FileOutputStream(FileDescriptor.err));
    int code = run(args, out, err, System.getenv(), ShutdownSignal.os());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line and returns its exit code: 0 on success, 1 on failure, 2 on a usage
   * error.
   */
  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      ShutdownSignal signals) {
    CommandLine commandLine = new CommandLine(new JCelery(env, signals));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (e, cl, parsed) -> {
          cl.getErr().println("jcelery: " + e.getMessage());
          LoggerFactory.getLogger(JCelery.class).debug("Command failed", e);
          return 1;
        });
    return commandLine.execute(args);
  }

  /** The settings from the config file and the environment; commands add their options. */
  CelerySettings.Builder settings() {
    CelerySettings.Builder builder = CelerySettings.builder();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--config: no such file: " + config);
      }
      builder.file(config);
    }
    return builder.environment(env);
  }

  /**
   * Loads the {@code -A} classes through a class loader over {@code --classpath} (or {@code
   * CLASSPATH}), which also becomes the thread's context class loader.
   */
  List<Class<?>> taskClasses() {
    String path = classpath != null ? classpath : env.get("CLASSPATH");
    ClassLoader parent = JCelery.class.getClassLoader();
    ClassLoader loader = path == null || path.isBlank() ? parent : new URLClassLoader(urls(path), parent);
    Thread.currentThread().setContextClassLoader(loader);
    List<Class<?>> classes = new ArrayList<>();
    for (String name : taskClassNames) {
      try {
        classes.add(Class.forName(name.trim(), true, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            "Cannot load task class " + name + " (class path: " + (path == null ? "none" : path) + "): " + e,
            e);
      }
    }
    return classes;
  }

  private static URL[] urls(String path) {
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("Bad class path entry " + entry, e);
      }
    }
    return urls.toArray(new URL[0]);
  }

  /**
   * Sets the root log level from Celery's names: DEBUG, INFO, WARNING, ERROR, CRITICAL, FATAL.
   *
   * @throws IllegalArgumentException for any other name
   */
  static void setLogLevel(String celeryLevel) {
    Level level =
        switch (celeryLevel.trim().toUpperCase(Locale.ROOT)) {
          case "DEBUG" -> Level.DEBUG;
          case "INFO" -> Level.INFO;
          case "WARNING", "WARN" -> Level.WARN;
          case "ERROR", "CRITICAL", "FATAL" -> Level.ERROR;
          default -> throw new IllegalArgumentException(
              "Unknown log level " + celeryLevel + " (DEBUG, INFO, WARNING, ERROR, CRITICAL, FATAL)");
        };
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(level);
    }
  }

  private static PrintWriter utf8(FileOutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** jcelery's version, from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    static String version() {
      Properties properties = new Properties();
      try (InputStream in = JCelery.class.getResourceAsStream("/jcelery.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        // fall through to "unknown"
      }
      return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
      return new String[] {
        "jcelery " + version() + " (Celery message protocol 2, compatible with Celery 5.2.6)",
        "Java " + Runtime.version()
      };
    }
  }
}
