package io.jcelery.client.config;

import io.jcelery.protocol.CeleryException;

/**
 * A setting is invalid, or is a Celery setting that jcelery does not support. The message and
 * {@link #key()} name the setting as Celery does ({@code broker_url}, {@code task_protocol}).
 *
 * @since 0.1
 */
public final class ConfigurationException extends CeleryException {
  private final String key;

  public ConfigurationException(String key, String message) {
    super(message);
    this.key = key;
  }

  public ConfigurationException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The Celery key of the offending setting; null when the problem is not one key's. */
  public String key() {
    return key;
  }
}
