package io.jcelery.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One kombu message as it travels on a broker: content type and encoding, application headers,
 * properties and the raw body. The body is exactly the bytes a producer handed to the transport:
 * serialized and, when the {@code compression} header is set, compressed. Task messages, rpc
 * results and (later) events all travel in this shape.
 *
 * <p>Header values are plain Java values: {@code String}, {@code Long}/{@code Integer}, {@code
 * Double}, {@code Boolean}, {@code List}, {@code Map} or null. The header map keeps its order
 * (Celery's producer writes a fixed order; see {@code celery/app/amqp.py} {@code as_task_v2}).
 *
 * <p>Immutable and thread-safe; the body array is not copied, so callers must not modify it.
 *
 * @param contentType the serializer's content type, e.g. {@code application/json}; may be null,
 *     which kombu treats as raw bytes
 * @param contentEncoding {@code utf-8} or {@code binary}; may be null
 * @param headers application headers, never null
 * @param properties message properties, never null
 * @param body raw body bytes, never null
 * @since 0.1
 */
public record TaskMessage(
    String contentType,
    String contentEncoding,
    Map<String, Object> headers,
    MessageProperties properties,
    byte[] body) {

  /** The header kombu adds when the body is compressed; its value is the compressor's type. */
  public static final String COMPRESSION_HEADER = "compression";

  public TaskMessage {
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(body, "body");
  }

  /** The {@code compression} header, or null when the body is not compressed. */
  public String compression() {
    Object value = headers.get(COMPRESSION_HEADER);
    return value == null ? null : value.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskMessage m
        && Objects.equals(contentType, m.contentType)
        && Objects.equals(contentEncoding, m.contentEncoding)
        && headers.equals(m.headers)
        && properties.equals(m.properties)
        && Arrays.equals(body, m.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(contentType, contentEncoding, headers, properties, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "TaskMessage[contentType=" + contentType + ", headers=" + headers + ", properties="
        + properties + ", body=" + body.length + " bytes]";
  }
}
