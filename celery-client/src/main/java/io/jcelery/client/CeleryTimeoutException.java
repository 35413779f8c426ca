package io.jcelery.client;

import io.jcelery.protocol.CeleryException;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a result took longer than the timeout (Celery's {@code
 * celery.exceptions.TimeoutError} from {@code AsyncResult.get(timeout=...)}). Unchecked; its cause
 * is a {@link TimeoutException}.
 *
 * @since 0.1
 */
public final class CeleryTimeoutException extends CeleryException {
  private final String taskId;

  public CeleryTimeoutException(String taskId, String message) {
    super(message, new TimeoutException(message));
    this.taskId = taskId;
  }

  /** The task waited for. */
  public String taskId() {
    return taskId;
  }
}
