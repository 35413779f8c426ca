package io.jcelery.protocol.codec;

import io.jcelery.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * kombu's {@code zlib} / {@code gzip} compression: Python's {@code zlib.compress}, a zlib (RFC
 * 1950) stream announced as {@code application/x-gzip} despite the name.
 */
final class ZlibCompressor implements Compressor {

  @Override
  public List<String> aliases() {
    return List.of("zlib", "gzip");
  }

  @Override
  public String contentType() {
    return "application/x-gzip";
  }

  @Override
  public byte[] compress(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  @Override
  public byte[] decompress(byte[] data) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length * 4));
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new ProtocolException("Cannot decompress zlib body: truncated stream");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new ProtocolException("Cannot decompress zlib body: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
