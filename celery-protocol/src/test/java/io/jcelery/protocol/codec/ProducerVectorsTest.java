package io.jcelery.protocol.codec;

import static io.jcelery.protocol.vectors.TreeComparison.assertSameTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.DecodedTask;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.TaskBody;
import io.jcelery.protocol.TaskMessage;
import io.jcelery.protocol.vectors.VectorFile;
import io.jcelery.protocol.vectors.VectorFile.Captured;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message real Celery 5.2.6 (and 5.6 main) produced decodes to the captured model and
 * re-encodes to an equal payload; the cases Python could not publish, and the ones jcelery does not
 * read, fail the way they should.
 */
class ProducerVectorsTest {

  /** The vectors' app accepted json, msgpack, yaml and pickle. */
  private static final TaskMessageCodec CODEC =
      new TaskMessageCodec(AcceptContent.of("json", "msgpack", "yaml", "pickle"));

  static Stream<VectorFile> files() {
    return VectorFile.producerFiles();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void matchesWhatPythonProduced(VectorFile file) throws Exception {
    if (file.json().path("messages").isEmpty()) {
      assertProducerErrorReproduced(file);
      return;
    }
    for (Captured captured : file.messages()) {
      TaskMessage message = captured.message();
      String compression = message.compression();
      if (BodyCodecs.PICKLE_CONTENT_TYPE.equals(message.contentType())) {
        assertPickleRefused(message);
      } else if (compression != null && compression.equals("application/x-brotli")) {
        assertThatThrownBy(() -> CODEC.decode(message))
            .isExactlyInstanceOf(ProtocolException.class)
            .hasMessageContaining("application/x-brotli");
      } else {
        assertDecodesAndReencodes(file, captured);
      }
    }
  }

  private static void assertDecodesAndReencodes(VectorFile file, Captured captured)
      throws Exception {
    TaskMessage message = captured.message();
    DecodedTask decoded = CODEC.decode(message);
    boolean protocolOne = file.caseName().startsWith("protocol_v1");
    assertThat(decoded.protocol()).isEqualTo(protocolOne ? 1 : 2);

    BodyCodec codec = BodyCodecs.byContentType(message.contentType());
    JsonNode payloadTree = codec.decode(captured.payload());
    if (captured.entry().has("payload_decoded")) {
      JsonNode expected =
          VectorFile.expectedPayload(
              captured.entry().get("payload_decoded"), codec == BodyCodecs.json());
      assertSameTree(payloadTree, expected);
    } else {
      assertHugeArgument(captured, decoded);
    }

    if (protocolOne) {
      assertThat(decoded.headers().task()).isEqualTo(payloadTree.get("task").asText());
      assertThat(decoded.headers().id()).isEqualTo(payloadTree.get("id").asText());
      assertThat(decoded.body().args()).isEqualTo(payloadTree.get("args"));
      assertThat(decoded.utc()).isTrue();
    } else {
      assertSameTree(CanvasTrees.bodyToTree(decoded.body()), normalizedBody(payloadTree));
      assertSameHeaders(TaskMessageCodec.headersToMap(decoded.headers()), message.headers(), false);
    }

    Compressor compressor =
        message.compression() == null ? null : Compressors.byContentType(message.compression());
    TaskMessage reencoded =
        CODEC.encode(decoded.headers(), decoded.body(), message.properties(), codec, compressor);
    DecodedTask again = CODEC.decode(reencoded);
    assertThat(again.headers()).isEqualTo(decoded.headers());
    assertSameTree(CanvasTrees.bodyToTree(again.body()), CanvasTrees.bodyToTree(decoded.body()));
    assertThat(reencoded.compression()).isEqualTo(message.compression());
    if (!protocolOne) {
      assertSameHeaders(reencoded.headers(), message.headers(), true);
      byte[] payload =
          compressor == null ? reencoded.body() : compressor.decompress(reencoded.body());
      assertSameTree(codec.decode(payload), payloadTree);
    }

    String pythonText = new String(captured.payload(), StandardCharsets.UTF_8);
    if (codec == BodyCodecs.json() && !pythonText.contains("\"__type__\"")) {
      JsonNode tree = protocolOne ? payloadTree : CanvasTrees.bodyToTree(decoded.body());
      assertThat(new String(codec.encode(tree), StandardCharsets.US_ASCII)).isEqualTo(pythonText);
    }
  }

  /** A 2-element body, if a producer sent one, compares against the 3-element model. */
  private static JsonNode normalizedBody(JsonNode payload) {
    if (payload.size() == 3 && !payload.get(2).isNull()) {
      return payload;
    }
    ArrayNode copy = ((ArrayNode) payload).deepCopy();
    copy.set(2, CanvasTrees.embedToTree(io.jcelery.protocol.Embed.EMPTY));
    return copy;
  }

  private static void assertSameHeaders(
      Map<String, Object> actual, Map<String, Object> expected, boolean withCompression) {
    List<String> expectedKeys = new ArrayList<>(expected.keySet());
    if (!withCompression) {
      expectedKeys.remove(TaskMessage.COMPRESSION_HEADER);
    }
    assertThat(actual.keySet()).containsExactlyElementsOf(expectedKeys);
    for (String key : expectedKeys) {
      assertSameTree(
          ValueTree.toTree(actual.get(key)), ValueTree.toTree(expected.get(key)), "header " + key);
    }
  }

  private static void assertHugeArgument(Captured captured, DecodedTask decoded) throws Exception {
    JsonNode entry = captured.entry();
    String digest = entry.has("raw_sha256") ? "raw_sha256" : "body_sha256";
    assertThat(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(captured.raw())))
        .isEqualTo(entry.get(digest).asText());
    assertThat(decoded.body().args().get(0).asText())
        .hasSize(1 << 20)
        .isEqualTo("0123456789abcdef".repeat(65536));
  }

  private static void assertPickleRefused(TaskMessage message) {
    assertThatThrownBy(() -> CODEC.decode(message))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage("pickle is not supported by jcelery");
    assertThatThrownBy(() -> new TaskMessageCodec(AcceptContent.DEFAULT).decode(message))
        .isInstanceOf(ContentDisallowedException.class)
        .hasMessage(
            "Refusing to deserialize untrusted content of type pickle"
                + " (application/x-python-serialize)");
  }

  /** Python published nothing for these; jcelery either fails alike or says why it cannot. */
  private static void assertProducerErrorReproduced(VectorFile file) {
    JsonNode error = file.producerError();
    assertThat(error).as("a vector without messages records the producer error").isNotNull();
    assertThat(error.get("type").asText()).isEqualTo("kombu.exceptions.EncodeError");
    switch (file.caseName()) {
      case "bytes_json_error" -> {
        TaskBody body = new TaskBody(args(ValueTree.toTree(new byte[] {0, 1, 2})), null, null);
        assertThatThrownBy(() -> BodyCodecs.json().encode(CanvasTrees.bodyToTree(body)))
            .isExactlyInstanceOf(ProtocolException.class)
            .hasMessage(error.get("message").asText());
      }
      case "datetime_msgpack_error" -> {
        // kombu 5.2.4 hands msgpack a datetime object; jcelery's value tree has already turned it
        // into kombu's JSON text form, which msgpack carries as a plain string.
        JsonNode when = ValueTree.toTree(OffsetDateTime.parse("2024-05-06T07:08:09Z"));
        byte[] packed = BodyCodecs.msgpack().encode(args(when));
        assertThat(BodyCodecs.msgpack().decode(packed).get(0).asText())
            .isEqualTo("2024-05-06T07:08:09Z");
      }
      default -> throw new AssertionError("Unexpected producer error case " + file);
    }
  }

  private static ArrayNode args(JsonNode... values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (JsonNode value : values) {
      array.add(value);
    }
    return array;
  }
}
