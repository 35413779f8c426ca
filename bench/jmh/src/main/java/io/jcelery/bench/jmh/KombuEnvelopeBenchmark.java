package io.jcelery.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.transport.virtual.KombuEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
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
 * Reading kombu's Redis envelope ({@link KombuEnvelope#decode}): the JSON document parsed, the
 * base64 body decoded, headers and properties copied into a message. The envelope is the one kombu
 * 5.2.4 LPUSHed for {@code add(2, 3)} (captured in {@code vectors/producer/redis/add_json.json})
 * with its base64 body swapped for a json task body of about 1 KB or 100 KB; headers and properties
 * stay as captured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KombuEnvelopeBenchmark {

  private static final String VECTOR = "/vectors/producer/redis/add_json.json";
  private static final String BODY_FIELD = "{\"body\": \"";

  @Param({"1KB", "100KB"})
  public String size;

  private String envelope;

  @Setup
  public void setUp() {
    String captured = capturedEnvelope();
    if (!captured.startsWith(BODY_FIELD)) {
      throw new IllegalStateException("The captured envelope does not start with its body");
    }
    int bodyEnd = captured.indexOf('"', BODY_FIELD.length());
    byte[] body = SampleBodies.jsonTaskBody(SampleBodies.bytes(size));
    envelope = BODY_FIELD + Base64.getEncoder().encodeToString(body) + captured.substring(bodyEnd);
    KombuEnvelope.Decoded decoded = KombuEnvelope.decode(envelope, "celery");
    if (!Arrays.equals(decoded.message().body(), body)
        || !"tasks.add".equals(decoded.message().headers().get("task"))) {
      throw new IllegalStateException("The envelope does not decode to its body and headers");
    }
  }

  @Benchmark
  public KombuEnvelope.Decoded decode() {
    return KombuEnvelope.decode(envelope, "celery");
  }

  private static String capturedEnvelope() {
    try (InputStream in = KombuEnvelopeBenchmark.class.getResourceAsStream(VECTOR)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + VECTOR);
      }
      JsonNode vector = new ObjectMapper().readTree(in);
      return vector.path("messages").path(0).path("raw_text").textValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
