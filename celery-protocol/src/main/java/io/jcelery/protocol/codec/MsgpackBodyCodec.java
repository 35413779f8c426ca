package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcelery.protocol.ProtocolException;
import java.io.IOException;
import java.util.Iterator;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * kombu's {@code msgpack} serializer ({@code packb(use_bin_type=True)} / {@code
 * unpackb(raw=False)}): msgpack str is a text node, bin a binary node. Extension types, which kombu
 * never writes, are refused.
 */
final class MsgpackBodyCodec implements BodyCodec {

  private final ObjectMapper mapper = new ObjectMapper(new MessagePackFactory());

  @Override
  public String name() {
    return "msgpack";
  }

  @Override
  public String contentType() {
    return "application/x-msgpack";
  }

  @Override
  public String contentEncoding() {
    return "binary";
  }

  @Override
  public JsonNode decode(byte[] payload) {
    JsonNode tree;
    try {
      tree = mapper.readTree(payload);
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException("Cannot decode msgpack payload: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ProtocolException("Cannot decode msgpack payload: empty document");
    }
    rejectExtensions(tree);
    return tree;
  }

  @Override
  public byte[] encode(JsonNode tree) {
    rejectExtensions(tree);
    try {
      return mapper.writeValueAsBytes(tree);
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException("Cannot encode msgpack payload: " + e.getMessage(), e);
    }
  }

  private static void rejectExtensions(JsonNode node) {
    if (node.isPojo()) {
      throw new ProtocolException("msgpack extension types are not supported");
    }
    if (node.isContainerNode()) {
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        rejectExtensions(it.next());
      }
    }
  }
}
