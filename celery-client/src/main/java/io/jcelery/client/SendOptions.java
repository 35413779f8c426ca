package io.jcelery.client;

import io.jcelery.protocol.Signature;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one {@link Celery#sendTask} call, named after Celery's {@code apply_async} /
 * {@code send_task} arguments. Every component may be null (or false/0) to take the default shown.
 * Immutable; build with {@link #builder()}.
 *
 * @param taskId task id; default a random UUID
 * @param queue queue to send to; default {@code task_default_queue}
 * @param exchange exchange to publish to; with {@code routingKey} it replaces queue routing
 * @param routingKey routing key for {@code exchange}
 * @param countdown run no earlier than this long from now; wins over {@code eta}, as in Celery
 * @param eta run no earlier than this time; sent with its own offset
 * @param expiresIn expire this long from now; also sets the message's {@code expiration}
 * @param expiresAt expire at this time; also sets the message's {@code expiration}
 * @param priority message priority; default {@code task_default_priority}, else 0
 * @param serializer serializer name; default {@code task_serializer}
 * @param compression compression name; default {@code task_compression}
 * @param headers extra message headers, merged into the task headers; never null
 * @param ignoreResult the worker stores no result, and {@link AsyncResult#get} returns at once
 * @param timeLimit hard time limit, overriding the task's
 * @param softTimeLimit soft time limit, overriding the task's
 * @param shadow name shown in logs and events instead of the task name
 * @param parentId id of the task sending this one
 * @param rootId id of the first task of the workflow; default the task's own id
 * @param groupId id of the group the task belongs to
 * @param groupIndex position in the group
 * @param retries retries so far (set when re-sending a retried task)
 * @param link callbacks: signatures applied with the result on success; may be null
 * @param linkError errbacks: signatures applied on failure; may be null
 * @param chain the rest of a chain, next step last; may be null
 * @param chord the chord body this task is a header member of; may be null
 * @param replyTo the {@code reply_to} property; default the app's oid
 * @param argsrepr override of the {@code argsrepr} header (for example to hide secrets)
 * @param kwargsrepr override of the {@code kwargsrepr} header
 * @since 0.1
 */
public record SendOptions(
    String taskId,
    String queue,
    String exchange,
    String routingKey,
    Duration countdown,
    OffsetDateTime eta,
    Duration expiresIn,
    OffsetDateTime expiresAt,
    Integer priority,
    String serializer,
    String compression,
    Map<String, Object> headers,
    boolean ignoreResult,
    Duration timeLimit,
    Duration softTimeLimit,
    String shadow,
    String parentId,
    String rootId,
    String groupId,
    Integer groupIndex,
    int retries,
    List<Signature> link,
    List<Signature> linkError,
    List<Signature> chain,
    Signature chord,
    String replyTo,
    String argsrepr,
    String kwargsrepr) {

  /** No options: every default applies. */
  public static final SendOptions DEFAULT = builder().build();

  public SendOptions {
    headers =
        headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    link = link == null ? null : List.copyOf(link);
    linkError = linkError == null ? null : List.copyOf(linkError);
    chain = chain == null ? null : List.copyOf(chain);
    if (expiresIn != null && expiresAt != null) {
      throw new IllegalArgumentException("Set expires as a duration or as a time, not both");
    }
    if (priority != null && (priority < 0 || priority > 255)) {
      throw new IllegalArgumentException("priority must be within 0..255: " + priority);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.taskId = taskId;
    b.queue = queue;
    b.exchange = exchange;
    b.routingKey = routingKey;
    b.countdown = countdown;
    b.eta = eta;
    b.expiresIn = expiresIn;
    b.expiresAt = expiresAt;
    b.priority = priority;
    b.serializer = serializer;
    b.compression = compression;
    b.headers.putAll(headers);
    b.ignoreResult = ignoreResult;
    b.timeLimit = timeLimit;
    b.softTimeLimit = softTimeLimit;
    b.shadow = shadow;
    b.parentId = parentId;
    b.rootId = rootId;
    b.groupId = groupId;
    b.groupIndex = groupIndex;
    b.retries = retries;
    b.link = link;
    b.linkError = linkError;
    b.chain = chain;
    b.chord = chord;
    b.replyTo = replyTo;
    b.argsrepr = argsrepr;
    b.kwargsrepr = kwargsrepr;
    return b;
  }

  /** Builds {@link SendOptions}. Not thread-safe. */
  public static final class Builder {
    private String taskId;
    private String queue;
    private String exchange;
    private String routingKey;
    private Duration countdown;
    private OffsetDateTime eta;
    private Duration expiresIn;
    private OffsetDateTime expiresAt;
    private Integer priority;
    private String serializer;
    private String compression;
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private boolean ignoreResult;
    private Duration timeLimit;
    private Duration softTimeLimit;
    private String shadow;
    private String parentId;
    private String rootId;
    private String groupId;
    private Integer groupIndex;
    private int retries;
    private List<Signature> link;
    private List<Signature> linkError;
    private List<Signature> chain;
    private Signature chord;
    private String replyTo;
    private String argsrepr;
    private String kwargsrepr;

    private Builder() {}

    public Builder taskId(String taskId) {
      this.taskId = taskId;
      return this;
    }

    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public Builder exchange(String exchange) {
      this.exchange = exchange;
      return this;
    }

    public Builder routingKey(String routingKey) {
      this.routingKey = routingKey;
      return this;
    }

    public Builder countdown(Duration countdown) {
      this.countdown = countdown;
      return this;
    }

    public Builder eta(OffsetDateTime eta) {
      this.eta = eta;
      return this;
    }

    /** Expires this long after sending; replaces {@link #expires(OffsetDateTime)}. */
    public Builder expires(Duration expiresIn) {
      this.expiresIn = expiresIn;
      this.expiresAt = null;
      return this;
    }

    /** Expires at this time; replaces {@link #expires(Duration)}. */
    public Builder expires(OffsetDateTime expiresAt) {
      this.expiresAt = expiresAt;
      this.expiresIn = null;
      return this;
    }

    public Builder priority(Integer priority) {
      this.priority = priority;
      return this;
    }

    public Builder serializer(String serializer) {
      this.serializer = serializer;
      return this;
    }

    public Builder compression(String compression) {
      this.compression = compression;
      return this;
    }

    /** Adds one extra header. */
    public Builder header(String name, Object value) {
      this.headers.put(name, value);
      return this;
    }

    /** Adds extra headers. */
    public Builder headers(Map<String, ?> headers) {
      this.headers.putAll(headers);
      return this;
    }

    public Builder ignoreResult(boolean ignoreResult) {
      this.ignoreResult = ignoreResult;
      return this;
    }

    public Builder timeLimit(Duration timeLimit) {
      this.timeLimit = timeLimit;
      return this;
    }

    public Builder softTimeLimit(Duration softTimeLimit) {
      this.softTimeLimit = softTimeLimit;
      return this;
    }

    public Builder shadow(String shadow) {
      this.shadow = shadow;
      return this;
    }

    public Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    public Builder rootId(String rootId) {
      this.rootId = rootId;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder groupIndex(Integer groupIndex) {
      this.groupIndex = groupIndex;
      return this;
    }

    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    public Builder link(List<Signature> link) {
      this.link = link;
      return this;
    }

    public Builder linkError(List<Signature> linkError) {
      this.linkError = linkError;
      return this;
    }

    public Builder chain(List<Signature> chain) {
      this.chain = chain;
      return this;
    }

    public Builder chord(Signature chord) {
      this.chord = chord;
      return this;
    }

    public Builder replyTo(String replyTo) {
      this.replyTo = replyTo;
      return this;
    }

    public Builder argsrepr(String argsrepr) {
      this.argsrepr = argsrepr;
      return this;
    }

    public Builder kwargsrepr(String kwargsrepr) {
      this.kwargsrepr = kwargsrepr;
      return this;
    }

    /**
     * @throws IllegalArgumentException when the priority is outside 0..255 or retries is negative
     */
    public SendOptions build() {
      return new SendOptions(
          taskId,
          queue,
          exchange,
          routingKey,
          countdown,
          eta,
          expiresIn,
          expiresAt,
          priority,
          serializer,
          compression,
          headers,
          ignoreResult,
          timeLimit,
          softTimeLimit,
          shadow,
          parentId,
          rootId,
          groupId,
          groupIndex,
          retries,
          link,
          linkError,
          chain,
          chord,
          replyTo,
          argsrepr,
          kwargsrepr);
    }
  }
}
