package io.jcelery.protocol;

/**
 * The message's content type is not in {@code accept_content} (kombu {@code ContentDisallowed}). A
 * worker rejects such a message without requeue, as Celery's {@code on_invalid_task} does.
 *
 * @since 0.1
 */
public final class ContentDisallowedException extends ProtocolException {
  public ContentDisallowedException(String message) {
    super(message);
  }
}
