package io.jcelery.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.vectors.VectorFile;
import io.jcelery.protocol.vectors.VectorFile.Captured;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompressorsTest {

  @ParameterizedTest
  @CsvSource({
    "producer/redis/compression_zlib.json, application/x-gzip",
    "producer/amqp/compression_zlib.json, application/x-gzip",
    "producer/redis/compression_bzip2.json, application/x-bz2",
    "producer/amqp/compression_bzip2.json, application/x-bz2",
    "producer/redis/compression_lzma.json, application/x-lzma",
    "producer/amqp/compression_lzma.json, application/x-lzma",
    "producer/redis/compression_conf_result_compression.json, application/x-gzip",
    "producer_main/redis/compression_conf_task_compression.json, application/x-gzip"
  })
  void decompressesWhatPythonCompressed(String vector, String contentType) {
    Captured captured = VectorFile.load(vector).messages().get(0);
    assertThat(captured.message().compression()).isEqualTo(contentType);
    byte[] plain = Compressors.byContentType(contentType).decompress(captured.message().body());
    assertThat(new String(plain, StandardCharsets.UTF_8))
        .isEqualTo(captured.entry().get("payload_text").asText());
  }

  @Test
  void zlibWritesTheSameBytesAsPythonZlibCompress() {
    Captured captured = VectorFile.load("producer/redis/compression_zlib.json").messages().get(0);
    byte[] payload = captured.entry().get("payload_text").asText().getBytes(StandardCharsets.UTF_8);
    assertThat(Compressors.zlib().compress(payload)).isEqualTo(captured.message().body());
  }

  @Test
  void zlibIsAZlibStreamNotAGzipFile() {
    byte[] compressed =
        Compressors.byName("gzip").compress("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(Arrays.copyOf(compressed, 2)).containsExactly(0x78, 0x9c);
  }

  @Test
  void lzmaWritesAnXzContainer() {
    byte[] compressed = Compressors.lzma().compress("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(Arrays.copyOf(compressed, 6)).containsExactly(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip", "bzip2", "bzip", "lzma", "xz"})
  void roundTripsEveryAlias(String alias) {
    byte[] data = "[[2, 3], {}, {}]".repeat(50).getBytes(StandardCharsets.UTF_8);
    Compressor compressor = Compressors.byName(alias);
    assertThat(compressor.aliases()).contains(alias);
    assertThat(compressor.decompress(compressor.compress(data))).isEqualTo(data);
    assertThat(Compressors.byContentType(compressor.contentType())).isSameAs(compressor);
  }

  @Test
  void findsByContentTypeAsKombuDoesForNames() {
    assertThat(Compressors.byName("application/x-bz2")).isSameAs(Compressors.bzip2());
  }

  @Test
  void rejectsUnknownCompressionNamingIt() {
    assertThatThrownBy(() -> Compressors.byName("brotli"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("brotli");
    assertThatThrownBy(() -> Compressors.byContentType("application/zstd"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("application/zstd");
  }

  @Test
  void rejectsCorruptDataAsProtocolException() {
    byte[] garbage = "not compressed".getBytes(StandardCharsets.UTF_8);
    for (Compressor compressor : Compressors.all()) {
      assertThatThrownBy(() -> compressor.decompress(garbage))
          .as(compressor.contentType())
          .isExactlyInstanceOf(ProtocolException.class);
    }
  }
}
