package io.jcelery.protocol.codec;

import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.ProtocolException;
import java.util.List;
import java.util.Map;

/**
 * The serializers jcelery speaks, looked up as kombu's registry does ({@code
 * kombu/serialization.py} {@code registry}): by name for producers ({@code task_serializer}), by
 * content type for consumers.
 *
 * <p>Lookups throw rather than return an empty Optional, because an unknown serializer is always an
 * error at the call site: {@link ContentDisallowedException} for pickle (which jcelery never
 * deserializes), {@link ProtocolException} for a name or type no codec is registered for (kombu
 * {@code SerializerNotInstalled}).
 *
 * <p>Thread-safe; the codecs are shared singletons.
 *
 * @since 0.1
 */
public final class BodyCodecs {

  /** kombu's content type for pickle, which jcelery recognises only to refuse it. */
  public static final String PICKLE_CONTENT_TYPE = "application/x-python-serialize";

  static final String PICKLE_REFUSED = "pickle is not supported by jcelery";

  private static final BodyCodec JSON = new JsonBodyCodec();
  private static final BodyCodec MSGPACK = new MsgpackBodyCodec();
  private static final BodyCodec YAML = new YamlBodyCodec();
  private static final List<BodyCodec> ALL = List.of(JSON, MSGPACK, YAML);

  /** kombu's name → content type table, including pickle (for accept_content lists). */
  static final Map<String, String> NAME_TO_TYPE =
      Map.of(
          "json", JSON.contentType(),
          "msgpack", MSGPACK.contentType(),
          "yaml", YAML.contentType(),
          "pickle", PICKLE_CONTENT_TYPE);

  private BodyCodecs() {}

  /** kombu's {@code json}: {@code application/json}, utf-8. */
  public static BodyCodec json() {
    return JSON;
  }

  /** kombu's {@code msgpack}: {@code application/x-msgpack}, binary. */
  public static BodyCodec msgpack() {
    return MSGPACK;
  }

  /** kombu's {@code yaml}: {@code application/x-yaml}, utf-8. */
  public static BodyCodec yaml() {
    return YAML;
  }

  /** Every supported codec: json, msgpack, yaml. */
  public static List<BodyCodec> all() {
    return ALL;
  }

  /**
   * The codec for a serializer name ({@code task_serializer}, {@code result_serializer}).
   *
   * @param name {@code json}, {@code msgpack} or {@code yaml}; not null
   * @throws ContentDisallowedException for {@code pickle}
   * @throws ProtocolException for any other name
   */
  public static BodyCodec byName(String name) {
    for (BodyCodec codec : ALL) {
      if (codec.name().equals(name)) {
        return codec;
      }
    }
    if ("pickle".equals(name)) {
      throw new ContentDisallowedException(PICKLE_REFUSED);
    }
    throw new ProtocolException("No encoder installed for " + name);
  }

  /**
   * The codec for a message's content type.
   *
   * @param contentType e.g. {@code application/json}; not null
   * @throws ContentDisallowedException for pickle ({@code application/x-python-serialize})
   * @throws ProtocolException for any other unknown type
   */
  public static BodyCodec byContentType(String contentType) {
    BodyCodec codec = find(contentType);
    if (codec != null) {
      return codec;
    }
    if (PICKLE_CONTENT_TYPE.equals(contentType)) {
      throw new ContentDisallowedException(PICKLE_REFUSED);
    }
    throw new ProtocolException("No decoder installed for content type " + contentType);
  }

  /** The codec for a content type, or null. */
  static BodyCodec find(String contentType) {
    for (BodyCodec codec : ALL) {
      if (codec.contentType().equals(contentType)) {
        return codec;
      }
    }
    return null;
  }
}
