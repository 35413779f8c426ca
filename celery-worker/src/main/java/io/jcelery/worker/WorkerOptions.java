package io.jcelery.worker;

import io.jcelery.client.config.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link Worker} runs: its node name, the queues it consumes, its pool and how many tasks
 * run at once. Everything about tasks themselves (acks_late, accept_content, ...) comes from the
 * app's settings instead. Immutable; validated when built, with errors that name the Celery
 * setting or command-line option concerned.
 *
 * @param nodeName the worker's node name, {@code name@host} (Celery's {@code -n}); never null
 * @param queues the queues to consume (Celery's {@code -Q}); never empty
 * @param pool the execution pool (Celery's {@code -P}, {@code worker_pool})
 * @param concurrency how many tasks run at once (Celery's {@code -c}, {@code worker_concurrency});
 *     always 1 for {@link Pool#SOLO}
 * @param autoscale grow and shrink the pool between two sizes (Celery's {@code --autoscale}); null
 *     for a fixed size
 * @param prefetchMultiplier unsettled messages per pool slot (Celery's {@code
 *     worker_prefetch_multiplier}); 0 means no limit
 * @param autoscaleKeepalive how long the pool must have had no need for its extra threads before
 *     the autoscaler shrinks it (Celery's {@code AUTOSCALE_KEEPALIVE}, 30 s)
 * @param autoscaleInterval how often the autoscaler looks at the load (1 s in Celery)
 * @since 0.1
 */
public record WorkerOptions(
    String nodeName,
    List<String> queues,
    Pool pool,
    int concurrency,
    Autoscale autoscale,
    int prefetchMultiplier,
    Duration autoscaleKeepalive,
    Duration autoscaleInterval) {

  /** Celery's default queue, {@code task_default_queue}. */
  public static final String DEFAULT_QUEUE = "celery";

  /** The default pool. Celery defaults to prefork; threads are the JVM's nearest equivalent. */
  public static final Pool DEFAULT_POOL = Pool.THREADS;

  /** The default concurrency: the number of CPUs, as Celery's {@code worker_concurrency}. */
  public static final int DEFAULT_CONCURRENCY = Runtime.getRuntime().availableProcessors();

  /** Celery's {@code worker_prefetch_multiplier} default. */
  public static final int DEFAULT_PREFETCH_MULTIPLIER = 4;

  /** Celery's {@code AUTOSCALE_KEEPALIVE} ({@code celery/worker/autoscale.py}). */
  public static final Duration DEFAULT_AUTOSCALE_KEEPALIVE = Duration.ofSeconds(30);

  /** How often Celery's autoscaler wakes up. */
  public static final Duration DEFAULT_AUTOSCALE_INTERVAL = Duration.ofSeconds(1);

  /** The execution pools. */
  public enum Pool {
    /** A resizable pool of platform threads. */
    THREADS,
    /** One virtual thread per task, at most {@code concurrency} at once; needs Java 21+. */
    VIRTUAL,
    /** Tasks run one at a time on the consumer's own thread. */
    SOLO;

    /** The name used on the command line and in the banner: {@code threads}, ... */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code threads}, {@code virtual} or {@code solo}.
     *
     * @throws ConfigurationException for any other name
     */
    public static Pool parse(String label) {
      for (Pool p : values()) {
        if (p.label().equalsIgnoreCase(label.trim())) {
          return p;
        }
      }
      throw new ConfigurationException(
          "worker_pool", "worker_pool: unknown pool '" + label + "' (expected threads, virtual or solo)");
    }
  }

  /**
   * Autoscale bounds, written {@code max,min} as on Celery's command line.
   *
   * @param max the largest pool size, at least 1
   * @param min the pool size when idle, between 0 and max
   */
  public record Autoscale(int max, int min) {
    public Autoscale {
      if (max < 1 || min < 0 || min > max) {
        throw new ConfigurationException(
            "autoscale",
            "autoscale: expected max,min with max >= 1 and 0 <= min <= max, got "
                + max
                + ","
                + min);
      }
    }

    /**
     * Parses Celery's {@code --autoscale} text: {@code max,min} or just {@code max} (min 0).
     *
     * @throws ConfigurationException when the text is not one or two integers
     */
    public static Autoscale parse(String text) {
      String[] parts = text.split(",");
      try {
        if (parts.length == 1) {
          return new Autoscale(Integer.parseInt(parts[0].trim()), 0);
        }
        if (parts.length == 2) {
          return new Autoscale(
              Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new ConfigurationException(
          "autoscale", "autoscale: expected max,min, got '" + text + "'");
    }
  }

  public WorkerOptions {
    if (pool == null) {
      throw new ConfigurationException("worker_pool", "worker_pool: a pool is required");
    }
    if (nodeName == null || nodeName.isBlank()) {
      throw new ConfigurationException("hostname", "hostname (-n): the node name must not be empty");
    }
    if (queues == null || queues.isEmpty() || queues.stream().anyMatch(q -> q.isBlank())) {
      throw new ConfigurationException(
          "queues", "queues (-Q): at least one non-empty queue name is needed");
    }
    queues = List.copyOf(queues);
    if (pool == Pool.SOLO) {
      if (autoscale != null) {
        throw new ConfigurationException("autoscale", "autoscale: the solo pool cannot autoscale");
      }
      concurrency = 1;
    }
    if (concurrency < 1) {
      throw new ConfigurationException(
          "worker_concurrency", "worker_concurrency: must be at least 1, got " + concurrency);
    }
    if (prefetchMultiplier < 0) {
      throw new ConfigurationException(
          "worker_prefetch_multiplier",
          "worker_prefetch_multiplier: must be 0 (no limit) or more, got " + prefetchMultiplier);
    }
    requirePositive(autoscaleKeepalive, "AUTOSCALE_KEEPALIVE");
    requirePositive(autoscaleInterval, "autoscale interval");
  }

  /** A builder with every field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The pool size the worker starts with: autoscale's min, else the concurrency. */
  public int initialPoolSize() {
    return autoscale != null ? autoscale.min() : concurrency;
  }

  /** The largest the pool can get: autoscale's max, else the concurrency. */
  public int maxPoolSize() {
    return autoscale != null ? autoscale.max() : concurrency;
  }

  /** Celery's default node name, {@code celery@<host name>}. */
  public static String defaultNodeName() {
    return "celery@" + localHostName();
  }

  /** This machine's host name, as Celery's {@code %h}. */
  public static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env != null && !env.isBlank() ? env : "localhost";
    }
  }

  private static void requirePositive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigurationException(key, key + ": must be a positive duration, got " + d);
    }
  }

  /** Builds {@link WorkerOptions}; not thread-safe. */
  public static final class Builder {
    private String nodeName;
    private List<String> queues = List.of(DEFAULT_QUEUE);
    private Pool pool = DEFAULT_POOL;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Autoscale autoscale;
    private int prefetchMultiplier = DEFAULT_PREFETCH_MULTIPLIER;
    private Duration autoscaleKeepalive = DEFAULT_AUTOSCALE_KEEPALIVE;
    private Duration autoscaleInterval = DEFAULT_AUTOSCALE_INTERVAL;

    private Builder() {}

    /** The node name; default {@code celery@<host name>}. */
    public Builder nodeName(String nodeName) {
      this.nodeName = nodeName;
      return this;
    }

    /** The queues; default {@code [celery]}. */
    public Builder queues(List<String> queues) {
      this.queues = queues;
      return this;
    }

    /** The queues; default {@code [celery]}. */
    public Builder queues(String... queues) {
      return queues(List.of(queues));
    }

    public Builder pool(Pool pool) {
      this.pool = pool;
      return this;
    }

    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Autoscale between {@code min} and {@code max}; null turns it off. */
    public Builder autoscale(Autoscale autoscale) {
      this.autoscale = autoscale;
      return this;
    }

    public Builder autoscale(int max, int min) {
      return autoscale(new Autoscale(max, min));
    }

    public Builder prefetchMultiplier(int prefetchMultiplier) {
      this.prefetchMultiplier = prefetchMultiplier;
      return this;
    }

    public Builder autoscaleKeepalive(Duration autoscaleKeepalive) {
      this.autoscaleKeepalive = autoscaleKeepalive;
      return this;
    }

    public Builder autoscaleInterval(Duration autoscaleInterval) {
      this.autoscaleInterval = autoscaleInterval;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws ConfigurationException naming the setting when a value is out of range
     */
    public WorkerOptions build() {
      return new WorkerOptions(
          nodeName != null ? nodeName : defaultNodeName(),
          queues,
          pool,
          concurrency,
          autoscale,
          prefetchMultiplier,
          autoscaleKeepalive,
          autoscaleInterval);
    }
  }
}
