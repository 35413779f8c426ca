package io.jcelery.transport.amqp;

/**
 * Swaps the type tag of 64-bit integers in the header table of an AMQP content-header frame, in
 * place. py-amqp writes a Python int beyond 32 bits as {@code L} (signed, the 0-9-1 spec's
 * long-long-int) and reads {@code l} as unsigned ({@code amqp/serialization.py}); RabbitMQ relays
 * the table untouched, and the RabbitMQ Java client knows only {@code l} (signed) and drops the
 * whole connection on {@code L} ("Unrecognised type in table"). So received frames get {@code L}
 * → {@code l} before the client parses them, and sent frames {@code l} → {@code L}, the bytes
 * py-amqp writes; both are the same signed 64-bit value, and RabbitMQ reads both so.
 *
 * <p>Stateless and thread-safe.
 */
final class PyAmqpLongTags {

  static final byte PY_AMQP = 'L';
  static final byte JAVA_CLIENT = 'l';

  /** Frame payload: class id (2), weight (2), body size (8), then the property flags. */
  private static final int FLAGS_OFFSET = 12;

  private static final int CONTENT_TYPE = 1 << 15;
  private static final int CONTENT_ENCODING = 1 << 14;
  private static final int HEADERS = 1 << 13;

  private PyAmqpLongTags() {}

  /**
   * Replaces every {@code from} tag in the headers of a basic content-header payload by {@code
   * to}. A payload it cannot walk (an unknown tag, a truncated table) is left as far as it got;
   * the client then reports it as before.
   *
   * @return whether anything was replaced
   */
  static boolean replace(byte[] payload, byte from, byte to) {
    try {
      if (payload.length < FLAGS_OFFSET + 2 || u16(payload, 0) != 60) {
        return false;
      }
      int flags = u16(payload, FLAGS_OFFSET);
      int pos = FLAGS_OFFSET + 2;
      for (int word = flags; (word & 1) != 0; word = u16(payload, pos - 2)) {
        pos += 2;
      }
      if ((flags & HEADERS) == 0) {
        return false;
      }
      if ((flags & CONTENT_TYPE) != 0) {
        pos += 1 + (payload[pos] & 0xff);
      }
      if ((flags & CONTENT_ENCODING) != 0) {
        pos += 1 + (payload[pos] & 0xff);
      }
      Walk walk = new Walk(payload, from, to);
      walk.table(pos + 4, pos + 4 + u32(payload, pos));
      return walk.replaced;
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      return false;
    }
  }

  /** One pass over a field table. */
  private static final class Walk {
    private final byte[] p;
    private final byte from;
    private final byte to;
    private boolean replaced;

    Walk(byte[] p, byte from, byte to) {
      this.p = p;
      this.from = from;
      this.to = to;
    }

    void table(int pos, int end) {
      while (pos < end) {
        pos = value(pos + 1 + (p[pos] & 0xff));
      }
    }

    void array(int pos, int end) {
      while (pos < end) {
        pos = value(pos);
      }
    }

    /** Rewrites the value at {@code pos} (its tag first); returns the position after it. */
    int value(int pos) {
      if (p[pos] == from) {
        p[pos] = to;
        replaced = true;
      }
      int body = pos + 1;
      return switch (p[pos]) {
        case 'V' -> body;
        case 't', 'b', 'B' -> body + 1;
        case 's', 'u', 'U' -> body + 2;
        case 'I', 'i', 'f' -> body + 4;
        case 'D' -> body + 5;
        case 'l', 'L', 'd', 'T' -> body + 8;
        case 'S', 'x' -> body + 4 + u32(p, body);
        case 'F' -> {
          int end = body + 4 + u32(p, body);
          table(body + 4, end);
          yield end;
        }
        case 'A' -> {
          int end = body + 4 + u32(p, body);
          array(body + 4, end);
          yield end;
        }
        default -> throw new IllegalStateException("unknown field type " + p[pos]);
      };
    }
  }

  private static int u16(byte[] p, int pos) {
    return ((p[pos] & 0xff) << 8) | (p[pos + 1] & 0xff);
  }

  private static int u32(byte[] p, int pos) {
    int value =
        ((p[pos] & 0xff) << 24)
            | ((p[pos + 1] & 0xff) << 16)
            | ((p[pos + 2] & 0xff) << 8)
            | (p[pos + 3] & 0xff);
    if (value < 0) {
      throw new IllegalStateException("field length over 2 GiB");
    }
    return value;
  }
}
