package io.jcelery.results.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ResultMeta;
import io.jcelery.results.ResultBackend;
import io.jcelery.results.ResultBackendContract;
import io.jcelery.results.ResultBackendException;
import io.jcelery.results.ResultBackendOptions;
import io.jcelery.results.ResultBackends;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemResultBackendTest extends ResultBackendContract {

  @TempDir Path folder;

  @Override
  protected ResultBackend open(ResultBackendOptions options) {
    return ResultBackends.open("file://" + folder, options);
  }

  @Override
  protected void putRaw(ResultBackend backend, String key, byte[] value) {
    try {
      Files.write(folder.resolve(key), value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected byte[] getRaw(ResultBackend backend, String key) {
    try {
      return Files.readAllBytes(folder.resolve(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Optional<Duration> ttl(ResultBackend backend, String key) {
    return Optional.empty();
  }

  @Override
  protected boolean supportsExpiry() {
    return false;
  }

  @Test
  @DisplayName("reads the files a Python FilesystemBackend wrote")
  void readsPythonFiles() throws IOException {
    JsonNode files = vector("vectors/worker/other_backends/filesystem.json").get("files");
    for (Map.Entry<String, JsonNode> file : files.properties()) {
      byte[] raw = Base64.getDecoder().decode(file.getValue().get("raw_b64").asText());
      Files.write(folder.resolve(file.getKey()), raw);
    }
    ResultBackend backend = backend();

    int read = 0;
    for (Map.Entry<String, JsonNode> file : files.properties()) {
      if (file.getKey().startsWith("celery-task-meta-")) {
        JsonNode decoded = file.getValue().get("decoded");
        String taskId = file.getKey().substring("celery-task-meta-".length());
        ResultMeta meta = backend.get(taskId).orElseThrow();
        assertThat(meta.status()).isEqualTo(decoded.get("status").asText());
        assertThat(meta.result()).isEqualTo(decoded.get("result"));
        read++;
      }
    }
    assertThat(read).isGreaterThanOrEqualTo(3);
  }

  @Test
  @DisplayName(
      "file:///path, file://localhost/path and file://relative name the folder as in Celery")
  void findsFolderLikeCelery() {
    assertThat(FilesystemResultBackendFactory.folder("file:///var/results"))
        .isEqualTo(Path.of("/var/results"));
    assertThat(FilesystemResultBackendFactory.folder("file://localhost/var/results"))
        .isEqualTo(Path.of("/var/results"));
    assertThat(FilesystemResultBackendFactory.folder("file://results"))
        .isEqualTo(Path.of("results"));
    assertThatThrownBy(() -> FilesystemResultBackendFactory.folder("file://"))
        .isInstanceOf(ResultBackendException.class)
        .hasMessageContaining("path");
  }

  @Test
  @DisplayName("a write leaves no temporary file behind")
  void writeLeavesNoTemporaryFile() throws IOException {
    ResultBackend backend = backend();
    String taskId = newTaskId();

    backend.store(success(taskId, JsonNodeFactory.instance.numberNode(1)));

    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("celery-task-meta-" + taskId);
    }
  }

  @Test
  @DisplayName("a folder that cannot be written fails when opened, naming the folder")
  void unwritableFolderFailsOnOpen() throws IOException {
    Path file = Files.createFile(folder.resolve("not-a-folder"));

    assertThatThrownBy(() -> new FilesystemResultBackend(file, ResultBackendOptions.DEFAULT))
        .isInstanceOf(ResultBackendException.class)
        .hasMessageContaining(file.toString());
  }

  private static JsonNode vector(String resource) throws IOException {
    try (InputStream in =
        FilesystemResultBackendTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    }
  }
}
