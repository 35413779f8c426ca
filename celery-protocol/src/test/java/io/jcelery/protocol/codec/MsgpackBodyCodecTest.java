package io.jcelery.protocol.codec;

import static io.jcelery.protocol.vectors.TreeComparison.assertSameTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jcelery.protocol.ProtocolException;
import io.jcelery.protocol.vectors.VectorFile;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MsgpackBodyCodecTest {

  private static final BodyCodec MSGPACK = BodyCodecs.msgpack();

  @Test
  void decodesPythonsStrAsTextAndBinAsBinary() throws Exception {
    VectorFile.Captured captured =
        VectorFile.load("producer/redis/special_types_msgpack.json").messages().get(0);
    JsonNode tree = MSGPACK.decode(captured.payload());
    JsonNode args = tree.get(0);
    assertThat(args.get(0).isBinary()).isTrue();
    assertThat(Base64.getEncoder().encodeToString(args.get(0).binaryValue())).isEqualTo("AP9iaW4=");
    assertThat(args.get(1).isTextual()).isTrue();
    assertThat(args.get(1).asText()).isEqualTo("text");
    assertThat(args.get(5).longValue()).isEqualTo(1099511627776L);
    assertThat(tree.get(1).get("k").binaryValue()).containsExactly('v');
  }

  @Test
  void reencodesPythonsBytesExactly() {
    VectorFile.Captured captured =
        VectorFile.load("producer/redis/special_types_msgpack.json").messages().get(0);
    assertThat(MSGPACK.encode(MSGPACK.decode(captured.payload()))).isEqualTo(captured.payload());
  }

  @Test
  void roundTripsTextBinaryAndNumbers() {
    ArrayNode tree =
        JsonNodeFactory.instance
            .arrayNode()
            .add("h\u00e9llo")
            .add(new byte[] {0, (byte) 0xff})
            .add(-1)
            .add(1.5)
            .add(Long.MAX_VALUE)
            .addNull()
            .add(true);
    assertSameTree(MSGPACK.decode(MSGPACK.encode(tree)), tree);
  }

  @Test
  void rejectsMalformedPayloadAsDecodeError() {
    assertThatThrownBy(() -> MSGPACK.decode(new byte[] {(byte) 0x93, 1}))
        .isExactlyInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> MSGPACK.decode(new byte[0]))
        .isExactlyInstanceOf(ProtocolException.class);
  }
}
