package io.jcelery.results.filesystem;

import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendFactory;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.transport.BrokerUrl;
import java.nio.file.Path;
import java.util.Set;

/** Serves {@code file://} URLs, finding the folder as Celery's {@code _find_path} does. */
public final class FilesystemResultBackendFactory implements ResultBackendFactory {

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public ResultBackend create(BrokerUrl url, ResultBackendOptions options) {
    return new FilesystemResultBackend(folder(url.raw()), options);
  }

  /**
   * {@code file://localhost/x} and {@code file:///x} are {@code /x}; {@code file://x} is {@code x}.
   */
  static Path folder(String url) {
    String path;
    if (url.startsWith("file://localhost/")) {
      path = url.substring("file://localhost".length());
    } else if (url.startsWith("file://")) {
      path = url.substring("file://".length());
    } else {
      throw new ResultBackendException(
          "A path for the file-system backend should conform to the file URI scheme: " + url);
    }
    if (path.isEmpty()) {
      throw new ResultBackendException("You need to configure a path for the file-system backend");
    }
    return Path.of(path);
  }
}
