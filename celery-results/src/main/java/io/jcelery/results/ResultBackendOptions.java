package io.jcelery.results;

import io.jcelery.protocol.codec.AcceptContent;
import io.jcelery.protocol.codec.BodyCodec;
import io.jcelery.protocol.codec.BodyCodecs;
import java.time.Duration;
import java.util.Objects;

/**
 * How a result backend encodes, accepts and expires results: Celery's {@code result_serializer},
 * {@code result_accept_content} (falling back to {@code accept_content}), {@code result_expires}
 * and {@code result_persistent}. Immutable.
 *
 * @param serializer encodes stored results ({@code result_serializer}); never null
 * @param accept content types a stored result may be decoded from; must allow the serializer's
 *     content type, since Celery decodes results with the serializer's type; never null
 * @param expires how long stored results live ({@code result_expires}); null means forever. Stores
 *     without expiry (the filesystem) ignore it
 * @param persistent {@code result_persistent}: results sent as messages ({@code rpc://}) survive a
 *     broker restart ({@code delivery_mode} 2 instead of 1); stores ignore it
 * @since 0.1
 */
public record ResultBackendOptions(
    BodyCodec serializer, AcceptContent accept, Duration expires, boolean persistent) {

  /** Celery's {@code result_serializer = 'json'}. */
  public static final BodyCodec DEFAULT_SERIALIZER = BodyCodecs.json();

  /** Celery's {@code accept_content = ['json']}. */
  public static final AcceptContent DEFAULT_ACCEPT = AcceptContent.DEFAULT;

  /** Celery's {@code result_expires = timedelta(days=1)}. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofDays(1);

  /** Celery's {@code result_persistent = None}, which the rpc backend reads as false. */
  public static final boolean DEFAULT_PERSISTENT = false;

  /** Celery's defaults: json, accept json, expire after one day. */
  public static final ResultBackendOptions DEFAULT = builder().build();

  /**
   * @throws InvalidOptionException naming the Celery setting that is wrong
   */
  public ResultBackendOptions {
    if (serializer == null) {
      throw new InvalidOptionException("result_serializer", "result_serializer must be set");
    }
    if (accept == null) {
      throw new InvalidOptionException(
          "result_accept_content", "result_accept_content must be set");
    }
    if (!accept.allows(serializer.contentType())) {
      throw new InvalidOptionException(
          "result_accept_content",
          "result_serializer '"
              + serializer.name()
              + "' ("
              + serializer.contentType()
              + ") is not in result_accept_content "
              + accept.contentTypes()
              + ": stored results could not be read back");
    }
    if (expires != null && expires.isNegative()) {
      throw new InvalidOptionException(
          "result_expires", "result_expires must not be negative: " + expires);
    }
  }

  /**
   * Options that are not persistent ({@link #DEFAULT_PERSISTENT}).
   *
   * @throws InvalidOptionException naming the Celery setting that is wrong
   */
  public ResultBackendOptions(BodyCodec serializer, AcceptContent accept, Duration expires) {
    this(serializer, accept, expires, DEFAULT_PERSISTENT);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder()
        .serializer(serializer)
        .accept(accept)
        .expires(expires)
        .persistent(persistent);
  }

  /**
   * An option is invalid; {@link #key()} names the Celery setting.
   *
   * @since 0.1
   */
  public static final class InvalidOptionException extends ResultBackendException {
    private final String key;

    public InvalidOptionException(String key, String message) {
      super(message);
      this.key = key;
    }

    /** The Celery setting, e.g. {@code result_accept_content}. */
    public String key() {
      return key;
    }
  }

  /** Builds {@link ResultBackendOptions}, starting from the defaults. Not thread-safe. */
  public static final class Builder {
    private BodyCodec serializer = DEFAULT_SERIALIZER;
    private AcceptContent accept = DEFAULT_ACCEPT;
    private Duration expires = DEFAULT_EXPIRES;
    private boolean persistent = DEFAULT_PERSISTENT;

    private Builder() {}

    /** {@code result_serializer}. */
    public Builder serializer(BodyCodec serializer) {
      this.serializer = Objects.requireNonNull(serializer, "serializer");
      return this;
    }

    /** {@code result_accept_content} (or {@code accept_content} when that is unset). */
    public Builder accept(AcceptContent accept) {
      this.accept = Objects.requireNonNull(accept, "accept");
      return this;
    }

    /** {@code result_expires}; null keeps results forever. */
    public Builder expires(Duration expires) {
      this.expires = expires;
      return this;
    }

    /** {@code result_persistent}: rpc results survive a broker restart. */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    /**
     * @throws InvalidOptionException naming the Celery setting that is wrong
     */
    public ResultBackendOptions build() {
      return new ResultBackendOptions(serializer, accept, expires, persistent);
    }
  }
}
