package io.jcelery.protocol;

/**
 * A message decodes but is not a valid task (celery {@code InvalidTaskError}), for example an
 * unparsable {@code eta} or a body that is not {@code [args, kwargs, embed]}.
 *
 * @since 0.1
 */
public final class InvalidTaskException extends ProtocolException {
  public InvalidTaskException(String message) {
    super(message);
  }

  public InvalidTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
