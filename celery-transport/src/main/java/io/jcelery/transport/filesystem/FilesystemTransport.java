package io.jcelery.transport.filesystem;

import io.jcelery.transport.BrokerUrl;
import io.jcelery.transport.TransportException;
import io.jcelery.transport.virtual.AbstractVirtualTransport;
import io.jcelery.transport.virtual.ExchangeTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filesystem transport, compatible with kombu 5.2.4's {@code kombu/transport/filesystem.py}.
 *
 * <h2>Features</h2>
 *
 * <ul>
 *   <li>Type: virtual. Direct and topic exchanges (bindings kept in this JVM, as kombu keeps
 *       them in its process); no priorities, no TTL.
 *   <li>One file per message, named {@code <monotonic ms>_<uuid4>.<queue>.msg}, holding the kombu
 *       JSON envelope. The monotonic clock is the one Python's {@code time.monotonic()} reads on
 *       Linux, so names from both languages sort by time.
 *   <li>Writing: the file is written under an exclusive lock to a hidden temporary name that no
 *       kombu consumer matches, then renamed into place, so no reader sees it half written.
 *   <li>Reading: the folder listing is sorted and the first file of the queue is claimed by an
 *       atomic rename (one consumer wins), read, then kept in {@code processed_folder} ({@code
 *       store_processed}) or deleted. A file still being written by a Python producer is re-read
 *       until complete.
 *   <li>A file watch wakes consumers as soon as a file arrives; {@code polling_interval} bounds the
 *       wait otherwise.
 *   <li>Unsettled deliveries are kept in memory and written back, flagged redelivered, when the
 *       transport closes (kombu's virtual {@code QoS.restore_unacked}).
 * </ul>
 *
 * <h2>URL</h2>
 *
 * {@code filesystem://} (anything after the scheme is ignored).
 *
 * <h2>Transport options</h2>
 *
 * {@code data_folder_in} ({@code data_in}), {@code data_folder_out} ({@code data_out}), {@code
 * processed_folder} ({@code processed}), {@code store_processed} (false), {@code polling_interval}
 * (1 s). Folders are created when missing.
 */
final class FilesystemTransport extends AbstractVirtualTransport {

  private static final Logger LOG = LoggerFactory.getLogger(FilesystemTransport.class);
  private static final Map<Path, ExchangeTable> EXCHANGES = new ConcurrentHashMap<>();
  private static final String MSG = ".msg";
  private static final String HIDDEN_PREFIX = ".jcelery-";
  private static final int COMPLETE_READ_ATTEMPTS = 200;
  private static final long COMPLETE_READ_PAUSE_NANOS = 5_000_000;

  private static long lastMillis = -1;
  private static long sequence;

  private final FilesystemTransportOptions options;
  private final Path in;
  private final Path out;
  private final Path processed;
  private final WatchService watcher;
  private final Thread watchThread;

  FilesystemTransport(BrokerUrl url, FilesystemTransportOptions options) {
    super(url + " " + options.dataFolderIn(), exchangesFor(options), options.pollingInterval());
    this.options = options;
    this.in = createFolder(options.dataFolderIn(), "data_folder_in");
    this.out = createFolder(options.dataFolderOut(), "data_folder_out");
    this.processed =
        options.storeProcessed()
            ? createFolder(options.processedFolder(), "processed_folder")
            : options.processedFolder();
    this.watcher = watch(in);
    if (watcher != null) {
      watchThread = new Thread(this::watchLoop, "jcelery-filesystem-watch");
      watchThread.setDaemon(true);
      watchThread.start();
    } else {
      watchThread = null;
    }
  }

  @Override
  protected void put(String queue, String envelope) {
    String name = nextFileName(queue);
    Path tmp = out.resolve(HIDDEN_PREFIX + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        ByteBuffer buffer = ByteBuffer.wrap(envelope.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      Files.move(tmp, out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new TransportException("Cannot add file " + out.resolve(name) + " to directory", e);
    }
    if (out.equals(in)) {
      signalMessages();
    }
  }

  @Override
  protected String get(String queue) {
    for (String name : messageFiles(queue)) {
      Path claimed = in.resolve(HIDDEN_PREFIX + "claimed-" + UUID.randomUUID());
      try {
        Files.move(in.resolve(name), claimed, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        continue; // another consumer took it
      } catch (AtomicMoveNotSupportedException e) {
        throw new TransportException("Cannot rename files atomically in " + in, e);
      } catch (IOException e) {
        LOG.debug("Cannot claim {}; skipping it", name, e);
        continue;
      }
      try {
        String envelope = readComplete(claimed);
        if (options.storeProcessed()) {
          Files.move(claimed, processed.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.delete(claimed);
        }
        return envelope;
      } catch (IOException e) {
        throw new TransportException("Cannot read file " + claimed + " from queue " + queue, e);
      }
    }
    return null;
  }

  @Override
  protected long purgeQueue(String queue) {
    long count = 0;
    for (String name : messageFiles(queue)) {
      try {
        Files.delete(in.resolve(name));
        count++;
      } catch (IOException e) {
        // taken by a consumer meanwhile, as kombu assumes
      }
    }
    return count;
  }

  @Override
  protected long queueSize(String queue) {
    return messageFiles(queue).size();
  }

  @Override
  protected void closeStore() {
    if (watcher != null) {
      try {
        watcher.close();
        watchThread.join(1000);
      } catch (IOException e) {
        LOG.debug("Closing the file watch of {} failed", in, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * {@code <monotonic ms>_<uuid4>.<queue>.msg}, as kombu names files. Consumers sort names, so
   * within one millisecond kombu's order is random; here the first 8 hex digits of the UUID count
   * the files this JVM wrote in that millisecond, which keeps its messages in publish order.
   */
  static String nextFileName(String queue) {
    long ms = Math.round(System.nanoTime() / 1e6);
    long seq;
    synchronized (FilesystemTransport.class) {
      seq = ms == lastMillis ? ++sequence : (sequence = 0);
      lastMillis = ms;
    }
    String uuid = UUID.randomUUID().toString();
    return ms + "_" + String.format("%08x", seq) + uuid.substring(8) + "." + queue + MSG;
  }

  /** The queue a file belongs to: {@code <ms>_<uuid>.<queue>.msg}; null for other files. */
  static String queueOf(String fileName) {
    if (fileName.startsWith(".") || !fileName.endsWith(MSG)) {
      return null;
    }
    int dot = fileName.indexOf('.');
    int end = fileName.length() - MSG.length();
    return dot < end ? fileName.substring(dot + 1, end) : null;
  }

  /** The message files of a queue, oldest first (kombu sorts the listing by name). */
  private List<String> messageFiles(String queue) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(in)) {
      for (Path path : listing) {
        String name = path.getFileName().toString();
        if (queue.equals(queueOf(name))) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new TransportException("Cannot list " + in, e);
    }
    names.sort(null);
    return names;
  }

  /**
   * Reads a claimed file. kombu writes without a temporary name, so a file from a Python producer
   * may still be empty or partial: the writer keeps writing to the renamed file, so read again
   * until the JSON object is closed.
   */
  private static String readComplete(Path file) throws IOException {
    String text = "";
    for (int attempt = 0; attempt < COMPLETE_READ_ATTEMPTS; attempt++) {
      text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.stripTrailing().endsWith("}")) {
        return text;
      }
      LockSupport.parkNanos(COMPLETE_READ_PAUSE_NANOS);
    }
    return text;
  }

  private void watchLoop() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        key.pollEvents();
        key.reset();
        signalMessages();
      }
    } catch (ClosedWatchServiceException e) {
      // closed with the transport
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static WatchService watch(Path folder) {
    try {
      WatchService service = folder.getFileSystem().newWatchService();
      folder.register(service, StandardWatchEventKinds.ENTRY_CREATE);
      return service;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("No file watch on {}; polling only", folder, e);
      return null;
    }
  }

  private static ExchangeTable exchangesFor(FilesystemTransportOptions options) {
    return EXCHANGES.computeIfAbsent(
        options.dataFolderOut().toAbsolutePath().normalize(), p -> new ExchangeTable());
  }

  private static Path createFolder(Path folder, String option) {
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new TransportException("Cannot create " + option + " " + folder, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", path, e);
    }
  }
}
