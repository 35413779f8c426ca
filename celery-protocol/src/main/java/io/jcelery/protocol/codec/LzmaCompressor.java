package io.jcelery.protocol.codec;

import io.jcelery.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMAUtils;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZUtils;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * kombu's {@code lzma} / {@code xz} compression: Python's {@code lzma.compress}, an xz container
 * (preset 6, CRC64). Decompression also takes the legacy {@code .lzma} format, as Python's {@code
 * lzma.decompress} (format auto-detection) does.
 */
final class LzmaCompressor implements Compressor {

  /** Decoder memory cap: preset 9 (64 MiB dictionary) fits; a forged header cannot ask for GiBs. */
  private static final int MEMORY_LIMIT_KIB = 128 * 1024;

  @Override
  public List<String> aliases() {
    return List.of("lzma", "xz");
  }

  @Override
  public String contentType() {
    return "application/x-lzma";
  }

  @Override
  public byte[] compress(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
    try {
      // Preset 6 as Python's default, but with a dictionary no larger than the message: the
      // stream compresses the same and the encoder does not allocate ~90 MiB for every message.
      LZMA2Options options = new LZMA2Options(6);
      options.setDictSize(
          Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), data.length)));
      try (XZOutputStream xz = new XZOutputStream(out, options, XZ.CHECK_CRC64)) {
        xz.write(data);
      }
    } catch (IOException e) {
      throw new ProtocolException("Cannot compress with lzma: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public byte[] decompress(byte[] data) {
    try (InputStream in = open(data)) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException("Cannot decompress lzma body: " + e.getMessage(), e);
    }
  }

  private static InputStream open(byte[] data) throws IOException {
    ByteArrayInputStream raw = new ByteArrayInputStream(data);
    if (XZUtils.matches(data, data.length)) {
      return new XZCompressorInputStream(raw, true, MEMORY_LIMIT_KIB);
    }
    if (LZMAUtils.matches(data, data.length)) {
      return new LZMACompressorInputStream(raw, MEMORY_LIMIT_KIB);
    }
    throw new IOException("not an xz or lzma stream");
  }
}
