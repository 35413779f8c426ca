package io.jcelery.protocol.codec;

import io.jcelery.protocol.ContentDisallowedException;
import io.jcelery.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The content types a consumer deserializes: Celery's {@code accept_content} (or {@code
 * result_accept_content}) after kombu's {@code prepare_accept_content}, which turns serializer
 * names into content types. As in kombu's {@code SerializerRegistry.loads}, a missing content type
 * means {@code application/data} (raw bytes), and {@code application/data} and {@code
 * application/text} are always trusted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contentTypes the accepted content types, in the configured order; never null
 * @since 0.1
 */
public record AcceptContent(Set<String> contentTypes) {

  /** kombu's content type for a message without one: raw bytes. */
  public static final String RAW_CONTENT_TYPE = "application/data";

  private static final Set<String> TRUSTED = Set.of(RAW_CONTENT_TYPE, "application/text");

  /** Celery's default, {@code accept_content = ['json']}. */
  public static final AcceptContent DEFAULT = of("json");

  public AcceptContent {
    contentTypes = Collections.unmodifiableSet(new LinkedHashSet<>(contentTypes));
  }

  /**
   * Builds the set from an {@code accept_content} list.
   *
   * @param namesOrTypes serializer names ({@code json}, {@code msgpack}, {@code yaml}, {@code
   *     pickle}) or content types (anything containing {@code /}); not null
   * @throws ProtocolException naming an unknown serializer name, as kombu's {@code
   *     SerializerNotInstalled}
   */
  public static AcceptContent of(Collection<String> namesOrTypes) {
    Set<String> types = new LinkedHashSet<>();
    for (String item : namesOrTypes) {
      if (item.contains("/")) {
        types.add(item);
      } else {
        String type = BodyCodecs.NAME_TO_TYPE.get(item);
        if (type == null) {
          throw new ProtocolException("No encoder/decoder installed for " + item);
        }
        types.add(type);
      }
    }
    return new AcceptContent(types);
  }

  /** Same as {@link #of(Collection)}. */
  public static AcceptContent of(String... namesOrTypes) {
    return of(Arrays.asList(namesOrTypes));
  }

  /**
   * Whether a message of this content type may be deserialized.
   *
   * @param contentType the message's content type; null means {@code application/data}
   */
  public boolean allows(String contentType) {
    String type = contentType == null ? RAW_CONTENT_TYPE : contentType;
    return TRUSTED.contains(type) || contentTypes.contains(type);
  }

  /**
   * Throws unless {@link #allows} the type.
   *
   * @throws ContentDisallowedException with kombu's wording, e.g. {@code Refusing to deserialize
   *     untrusted content of type pickle (application/x-python-serialize)}
   */
  public void check(String contentType) {
    if (!allows(contentType)) {
      String name =
          BodyCodecs.NAME_TO_TYPE.entrySet().stream()
              .filter(e -> e.getValue().equals(contentType))
              .map(e -> e.getKey())
              .findFirst()
              .orElse(contentType);
      throw new ContentDisallowedException(
          "Refusing to deserialize untrusted content of type " + name + " (" + contentType + ")");
    }
  }
}
