package io.jcelery.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A kombu serializer ({@code kombu/serialization.py}): turns a payload into the neutral Jackson
 * tree and back. Every codec decodes to the same tree shapes, so the rest of jcelery never branches
 * on the content type.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * @since 0.1
 */
public interface BodyCodec {

  /** kombu's serializer name: {@code json}, {@code msgpack}, {@code yaml}. */
  String name();

  /** The content type written on messages, e.g. {@code application/json}. */
  String contentType();

  /** The content encoding written on messages: {@code utf-8} or {@code binary}. */
  String contentEncoding();

  /**
   * Decodes an (uncompressed) payload.
   *
   * @throws io.jcelery.protocol.ProtocolException when the payload is malformed
   */
  JsonNode decode(byte[] payload);

  /**
   * Encodes a tree as the Python side's serializer would, so Python decodes it to the same values.
   *
   * @throws io.jcelery.protocol.ProtocolException when the tree holds a value the format cannot
   *     carry
   */
  byte[] encode(JsonNode tree);
}
