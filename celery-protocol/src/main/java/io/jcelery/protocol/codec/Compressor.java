package io.jcelery.protocol.codec;

import java.util.List;

/**
 * A kombu compression method ({@code kombu/compression.py}). The message header {@code compression}
 * carries {@link #contentType()}; {@code content_type} keeps describing the uncompressed payload.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * @since 0.1
 */
public interface Compressor {

  /** The names kombu accepts for it, first the canonical one: {@code zlib}, {@code gzip}. */
  List<String> aliases();

  /** The value of the {@code compression} header, e.g. {@code application/x-gzip}. */
  String contentType();

  byte[] compress(byte[] data);

  /**
   * @throws io.jcelery.protocol.ProtocolException when the data is not in this format
   */
  byte[] decompress(byte[] data);
}
