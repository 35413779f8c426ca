package io.jcelery.protocol;

import java.util.List;

/**
 * The third element of a protocol-2 body: the canvas that follows the task. Each list may be null,
 * as Python producers send it. {@code chain} is stored reversed: the next step is the last element.
 *
 * @since 0.1
 */
public record Embed(
    List<Signature> callbacks, List<Signature> errbacks, List<Signature> chain, Signature chord) {

  public static final Embed EMPTY = new Embed(null, null, null, null);

  public Embed {
    callbacks = callbacks == null ? null : List.copyOf(callbacks);
    errbacks = errbacks == null ? null : List.copyOf(errbacks);
    chain = chain == null ? null : List.copyOf(chain);
  }
}
