package io.jcelery.protocol.codec;

import io.jcelery.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** kombu's {@code bzip2} / {@code bzip} compression: Python's {@code bz2.compress} (level 9). */
final class Bzip2Compressor implements Compressor {

  @Override
  public List<String> aliases() {
    return List.of("bzip2", "bzip");
  }

  @Override
  public String contentType() {
    return "application/x-bz2";
  }

  @Override
  public byte[] compress(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, 9)) {
      bz.write(data);
    } catch (IOException e) {
      throw new ProtocolException("Cannot compress with bzip2: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public byte[] decompress(byte[] data) {
    // Python's bz2.decompress reads concatenated streams too.
    try (BZip2CompressorInputStream in =
        new BZip2CompressorInputStream(new ByteArrayInputStream(data), true)) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException("Cannot decompress bzip2 body: " + e.getMessage(), e);
    }
  }
}
