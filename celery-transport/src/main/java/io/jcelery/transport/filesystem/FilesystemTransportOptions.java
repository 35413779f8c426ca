package io.jcelery.transport.filesystem;

import io.jcelery.transport.virtual.AbstractVirtualTransport;
import io.jcelery.transport.virtual.TransportOptionMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code broker_transport_options} of the filesystem transport, with kombu's names and
 * defaults ({@code kombu/transport/filesystem.py}). Relative folders resolve against the working
 * directory, as in kombu. Immutable.
 *
 * @param dataFolderIn {@code data_folder_in}: where consumers take messages from
 * @param dataFolderOut {@code data_folder_out}: where producers write messages
 * @param processedFolder {@code processed_folder}: where processed messages are kept
 * @param storeProcessed {@code store_processed}: keep processed messages instead of deleting them
 * @param pollingInterval {@code polling_interval}: longest wait between two folder listings
 *     (a file watch wakes consumers earlier)
 * @since 0.1
 */
public record FilesystemTransportOptions(
    Path dataFolderIn,
    Path dataFolderOut,
    Path processedFolder,
    boolean storeProcessed,
    Duration pollingInterval) {

  public static final String DEFAULT_DATA_FOLDER_IN = "data_in";
  public static final String DEFAULT_DATA_FOLDER_OUT = "data_out";
  public static final String DEFAULT_PROCESSED_FOLDER = "processed";
  public static final boolean DEFAULT_STORE_PROCESSED = false;
  public static final Duration DEFAULT_POLLING_INTERVAL =
      AbstractVirtualTransport.DEFAULT_POLLING_INTERVAL;

  private static final Set<String> KNOWN =
      Set.of(
          "data_folder_in",
          "data_folder_out",
          "processed_folder",
          "store_processed",
          "polling_interval");

  public FilesystemTransportOptions {
    Objects.requireNonNull(dataFolderIn, "data_folder_in");
    Objects.requireNonNull(dataFolderOut, "data_folder_out");
    Objects.requireNonNull(processedFolder, "processed_folder");
    Objects.requireNonNull(pollingInterval, "polling_interval");
  }

  /** Reads the options from Celery's {@code broker_transport_options}. */
  public static FilesystemTransportOptions from(Map<String, Object> transportOptions) {
    TransportOptionMap options = TransportOptionMap.of(transportOptions);
    options.warnUnknown(KNOWN, "filesystem");
    return new FilesystemTransportOptions(
        Path.of(options.text("data_folder_in", DEFAULT_DATA_FOLDER_IN)),
        Path.of(options.text("data_folder_out", DEFAULT_DATA_FOLDER_OUT)),
        Path.of(options.text("processed_folder", DEFAULT_PROCESSED_FOLDER)),
        options.bool("store_processed", DEFAULT_STORE_PROCESSED),
        options.seconds("polling_interval", DEFAULT_POLLING_INTERVAL));
  }
}
