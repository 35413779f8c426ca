package io.jcelery.transport.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcelery.transport.QueueSpec;
import io.jcelery.transport.Transport;
import io.jcelery.transport.TransportContract;
import io.jcelery.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemTransportTest extends TransportContract {

  @TempDir Path folder;

  @Override
  protected Transport openTransport() {
    return Transports.open(
        "filesystem://",
        Map.of(
            "data_folder_in", folder.toString(),
            "data_folder_out", folder.toString(),
            "polling_interval", 0.2));
  }

  @Test
  void writesOneKombuNamedFilePerMessage() throws IOException {
    Transport transport = transport();

    transport.publish("", "celery", message("id-1", "[[2, 3], {}, {}]"));

    List<Path> files = files(folder);
    assertThat(files).hasSize(1);
    String name = files.get(0).getFileName().toString();
    assertThat(name)
        .matches("\\d+_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "\\.celery\\.msg");
    assertThat(Files.readString(files.get(0))).startsWith("{\"body\": \"").endsWith("}}");
  }

  @Test
  void keepsProcessedFilesWhenAsked(@TempDir Path processed) throws IOException {
    Transport transport =
        Transports.open(
            "filesystem://",
            Map.of(
                "data_folder_in", folder.toString(),
                "data_folder_out", folder.toString(),
                "store_processed", true,
                "processed_folder", processed.toString()));
    try {
      QueueSpec q = QueueSpec.of("kept");
      transport.publish("", q.name(), message("id-1", "x"));
      Recorder recorder = new Recorder();
      transport.consume(List.of(q), 0, recorder);
      org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> recorder.count() == 1);

      assertThat(files(processed)).hasSize(1);
      assertThat(files(folder)).isEmpty();
    } finally {
      transport.close();
    }
  }

  @Test
  void createsMissingFolders() {
    Path nested = folder.resolve("a/b");

    Transports.open("filesystem://", Map.of("data_folder_in", nested.toString(),
        "data_folder_out", nested.toString())).close();

    assertThat(nested).isDirectory();
  }

  @Test
  void namesFilesInPublishOrderWithinOneMillisecond() {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      names.add(FilesystemTransport.nextFileName("q"));
    }

    assertThat(names).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void readsQueueNameFromFileName() {
    assertThat(FilesystemTransport.queueOf("123_abc.celery.msg")).isEqualTo("celery");
    assertThat(FilesystemTransport.queueOf("123_abc.reply.celery.pidbox.msg"))
        .isEqualTo("reply.celery.pidbox");
    assertThat(FilesystemTransport.queueOf(".jcelery-x.tmp")).isNull();
    assertThat(FilesystemTransport.queueOf("notes.txt")).isNull();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
