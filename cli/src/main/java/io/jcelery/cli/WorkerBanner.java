package io.jcelery.cli;

import io.jcelery.cli.JCelery.Version;
import io.jcelery.client.config.CelerySettings;
import io.jcelery.transport.BrokerUrl;
import io.jcelery.worker.WorkerOptions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * The start-up banner Celery's worker prints ({@code celery/apps/worker.py}, {@code
 * startup_info}): the ASCII art beside node name, platform, config and queues, then the task
 * list. URLs are shown with their passwords masked.
 */
final class WorkerBanner {

  private static final String[] ART = {
    " --------------",
    "--- ***** -----",
    "-- ******* ----",
    "- *** --- * ---",
    "- ** ----------",
    "- ** ----------",
    "- ** ----------",
    "- ** ----------",
    "- *** --- * ---",
    "-- ******* ----",
    "--- ***** -----",
    " --------------",
  };

  private WorkerBanner() {}

  static String render(
      CelerySettings settings, WorkerOptions options, SortedSet<String> tasks) {
    List<String> lines = new ArrayList<>();
    lines.add(options.nodeName() + " v" + Version.version() + " (jcelery)");
    lines.add("");
    lines.add(
        System.getProperty("os.name")
            + "-"
            + System.getProperty("os.version")
            + "-"
            + System.getProperty("os.arch")
            + "-with-java-"
            + Runtime.version().feature()
            + " "
            + LocalDateTime.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
    lines.add("");
    lines.add("[config]");
    lines.add(".> app:         jcelery");
    lines.add(".> transport:   " + BrokerUrl.mask(settings.brokerUrl()));
    String backend = settings.resultBackend();
    lines.add(".> results:     " + (backend == null ? "disabled://" : BrokerUrl.mask(backend)));
    lines.add(".> concurrency: " + concurrency(options));
    lines.add(".> task events: OFF (not supported by jcelery yet)");
    lines.add("");
    lines.add("[queues]");
    for (String queue : options.queues()) {
      lines.add(String.format(".> %-16s exchange=%s(direct) key=%s", queue, queue, queue));
    }
    StringBuilder banner = new StringBuilder(" \n");
    for (int i = 0; i < lines.size(); i++) {
      String art = i < ART.length ? ART[i] : " ".repeat(15);
      banner.append(art).append(' ').append(lines.get(i)).append('\n');
    }
    banner.append("\n[tasks]\n");
    for (String task : tasks) {
      banner.append("  . ").append(task).append('\n');
    }
    return banner.append('\n').toString();
  }

  /** {@code 4 (threads)}, or {@code {min=1, max=4} (threads)} with autoscale. */
  static String concurrency(WorkerOptions options) {
    String size =
        options.autoscale() == null
            ? String.valueOf(options.concurrency())
            : "{min=" + options.autoscale().min() + ", max=" + options.autoscale().max() + "}";
    return size + " (" + options.pool().label() + ")";
  }
}
