package io.jcelery.results.filesystem;

import io.jcelery.results.KeyValueResultBackend;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendOptions;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

/**
 * Results as files in one folder, as Celery's {@code FilesystemBackend} ({@code
 * celery/backends/filesystem.py}) keeps them, so Python and Java share a results folder.
 *
 * <p><b>Features:</b> Celery's key-value semantics (see {@link KeyValueResultBackend}); one file
 * per key, named by the key ({@code celery-task-meta-<task_id>}), holding the same encoded meta as
 * Redis. A file is written to a temporary name and then moved into place, so readers never see a
 * half-written result (Python writes in place). No expiry (Celery deletes old files only in its
 * {@code backend_cleanup} task), no atomic {@code incr}, no notifications: waiting polls every 50
 * ms.
 *
 * <p><b>URL:</b> {@code file:///absolute/folder} or {@code file://localhost/absolute/folder};
 * {@code file://relative/folder} is relative to the working directory, as in Celery. The folder is
 * created when missing (Celery requires it to exist).
 *
 * <p><b>Options:</b> only those of {@link ResultBackendOptions}; {@code result_expires} is ignored.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class FilesystemResultBackend extends KeyValueResultBackend {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  /** Python's cleanup only looks at files with the key prefixes, so temporaries never match. */
  private static final String TEMP_PREFIX = ".jcelery-tmp-";

  private final Path folder;

  /**
   * Opens the backend on a folder, checking it can write, read and delete a file there (Celery's
   * {@code _do_directory_test}).
   *
   * @throws ResultBackendException when the folder is not usable
   */
  public FilesystemResultBackend(Path folder, ResultBackendOptions options) {
    super(options);
    this.folder = folder;
    try {
      Files.createDirectories(folder);
      String probe = ".fs-backend-" + UUID.randomUUID();
      set(probe, "test value".getBytes(java.nio.charset.StandardCharsets.US_ASCII), null);
      getValue(probe);
      delete(probe);
    } catch (IOException | ResultBackendException e) {
      throw new ResultBackendException(
          "The result backend folder "
              + folder
              + " does not work; make sure it exists and is"
              + " writable",
          e);
    }
  }

  /** The folder results are kept in. */
  public Path folder() {
    return folder;
  }

  @Override
  protected byte[] getValue(String key) {
    try {
      return Files.readAllBytes(file(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new ResultBackendException("Cannot read result file " + file(key), e);
    }
  }

  @Override
  protected void set(String key, byte[] value, Duration ttl) {
    Path target = file(key);
    Path temp = folder.resolve(TEMP_PREFIX + UUID.randomUUID());
    try {
      Files.write(temp, value);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new ResultBackendException("Cannot write result file " + target, e);
    }
  }

  @Override
  protected void delete(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException e) {
      throw new ResultBackendException("Cannot delete result file " + file(key), e);
    }
  }

  @Override
  protected Duration pollInterval() {
    return POLL_INTERVAL;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FilesystemResultBackend[" + folder + "]";
  }

  private Path file(String key) {
    if (key.isEmpty()
        || key.contains("/")
        || key.contains("\\")
        || key.contains("\0")
        || key.equals(".")
        || key.equals("..")) {
      throw new ResultBackendException("Key cannot name a file in the results folder: " + key);
    }
    return folder.resolve(key);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: a leftover temporary file is never read as a result.
    }
  }
}
