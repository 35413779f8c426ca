package io.jcelery.bench.jmh;

import io.jcelery.protocol.codec.Compressor;
import io.jcelery.protocol.codec.Compressors;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * kombu's compression methods ({@code task_compression}, {@code result_compression}) on a json task
 * body of about 1 KB and 100 KB: compressing as a producer does, decompressing as the worker does
 * before decoding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionBenchmark {

  @Param({"zlib", "bzip2", "lzma"})
  public String compression;

  @Param({"1KB", "100KB"})
  public String size;

  private Compressor compressor;
  private byte[] body;
  private byte[] compressed;

  @Setup
  public void setUp() {
    compressor = Compressors.byName(compression);
    body = SampleBodies.jsonTaskBody(SampleBodies.bytes(size));
    compressed = compressor.compress(body);
    if (!Arrays.equals(compressor.decompress(compressed), body)) {
      throw new IllegalStateException(compression + " does not round-trip the body");
    }
  }

  @Benchmark
  public byte[] compress() {
    return compressor.compress(body);
  }

  @Benchmark
  public byte[] decompress() {
    return compressor.decompress(compressed);
  }
}
