package io.jcelery.protocol.codec;

import io.jcelery.protocol.ProtocolException;
import java.util.List;

/**
 * The compression methods jcelery speaks, looked up as kombu's {@code kombu/compression.py} does:
 * by alias for producers ({@code compression=} / {@code result_compression}), by the {@code
 * compression} header's content type for consumers. zlib, bzip2 and lzma are supported; brotli and
 * zstd are not.
 *
 * <p>Thread-safe; the compressors are shared singletons.
 *
 * @since 0.1
 */
public final class Compressors {

  private static final Compressor ZLIB = new ZlibCompressor();
  private static final Compressor BZIP2 = new Bzip2Compressor();
  private static final Compressor LZMA = new LzmaCompressor();
  private static final List<Compressor> ALL = List.of(ZLIB, BZIP2, LZMA);

  private Compressors() {}

  /** {@code zlib} / {@code gzip}: {@code application/x-gzip}. */
  public static Compressor zlib() {
    return ZLIB;
  }

  /** {@code bzip2} / {@code bzip}: {@code application/x-bz2}. */
  public static Compressor bzip2() {
    return BZIP2;
  }

  /** {@code lzma} / {@code xz}: {@code application/x-lzma}. */
  public static Compressor lzma() {
    return LZMA;
  }

  /** Every supported compressor. */
  public static List<Compressor> all() {
    return ALL;
  }

  /**
   * The compressor for an alias; like kombu's {@code get_encoder}, a content type is accepted too.
   *
   * @throws ProtocolException naming the alias when no compressor has it
   */
  public static Compressor byName(String alias) {
    for (Compressor compressor : ALL) {
      if (compressor.aliases().contains(alias) || compressor.contentType().equals(alias)) {
        return compressor;
      }
    }
    throw new ProtocolException("No compression method named '" + alias + "' is supported");
  }

  /**
   * The compressor for a {@code compression} header value.
   *
   * @throws ProtocolException naming the content type when no compressor has it
   */
  public static Compressor byContentType(String contentType) {
    for (Compressor compressor : ALL) {
      if (compressor.contentType().equals(contentType)) {
        return compressor;
      }
    }
    throw new ProtocolException("Unsupported compression '" + contentType + "'");
  }
}
