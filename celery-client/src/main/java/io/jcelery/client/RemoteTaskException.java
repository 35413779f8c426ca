package io.jcelery.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jcelery.protocol.CeleryException;
import io.jcelery.protocol.ExceptionInfo;
import io.jcelery.protocol.codec.PythonRepr;

/**
 * A task failed (state {@code FAILURE}) or was revoked ({@code REVOKED}, type {@code
 * TaskRevokedError}) on a worker, Python or Java. Thrown by {@link AsyncResult#get}, as Celery's
 * {@code AsyncResult.get} re-raises the stored exception ({@code maybe_throw}).
 *
 * <p>The remote class is not rebuilt (Java cannot load Python classes); its name, module, message
 * and traceback are kept. {@link #getMessage()} reads like Python prints the exception: {@code
 * ValueError: boom}.
 *
 * @since 0.1
 */
public final class RemoteTaskException extends CeleryException {

  private final String taskId;
  private final String state;
  private final String excType;
  private final String excModule;
  private final transient JsonNode excMessage;
  private final String remoteMessage;
  private final String remoteTraceback;

  /**
   * @param taskId the failed task
   * @param state {@code FAILURE} or {@code REVOKED}
   * @param exception the stored exception dict; not null
   * @param remoteTraceback the stored traceback; may be null
   */
  public RemoteTaskException(
      String taskId, String state, ExceptionInfo exception, String remoteTraceback) {
    this(
        taskId,
        state,
        exception,
        pythonStr(exception.excType(), exception.excMessage()),
        remoteTraceback);
  }

  private RemoteTaskException(
      String taskId,
      String state,
      ExceptionInfo exception,
      String remoteMessage,
      String remoteTraceback) {
    super(
        remoteMessage.isEmpty() ? exception.excType() : exception.excType() + ": " + remoteMessage);
    this.taskId = taskId;
    this.state = state;
    this.excType = exception.excType();
    this.excModule = exception.excModule();
    this.excMessage = exception.excMessage();
    this.remoteMessage = remoteMessage;
    this.remoteTraceback = remoteTraceback;
  }

  /** The task that failed. */
  public String taskId() {
    return taskId;
  }

  /** {@code FAILURE} or {@code REVOKED}. */
  public String state() {
    return state;
  }

  /** The remote class name ({@code exc_type}), e.g. {@code ValueError}. */
  public String excType() {
    return excType;
  }

  /** The remote module ({@code exc_module}), e.g. {@code builtins}; may be null. */
  public String excModule() {
    return excModule;
  }

  /** The exception's arguments as stored ({@code exc_message}), usually a list. */
  public JsonNode excMessage() {
    return excMessage;
  }

  /** What Python's {@code str(exc)} prints: {@code boom}, or {@code (42, 'detail')}. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** The remote traceback text, or null (time limits and revocations have none). */
  public String remoteTraceback() {
    return remoteTraceback;
  }

  /**
   * Python's {@code str()} of an exception built as {@code cls(*exc_message)}: empty for no
   * arguments, the argument's {@code str} for one (its repr for {@code KeyError}, which Python
   * prints as {@code KeyError: 'missing'}), the tuple's repr for more.
   */
  private static String pythonStr(String excType, JsonNode excMessage) {
    if (excMessage == null || excMessage.isNull()) {
      return "";
    }
    if (!(excMessage instanceof ArrayNode args)) {
      return excMessage.isTextual()
          ? excMessage.textValue()
          : PythonRepr.saferepr(excMessage, PythonRepr.NO_LIMIT);
    }
    if (args.isEmpty()) {
      return "";
    }
    if (args.size() == 1) {
      JsonNode only = args.get(0);
      return only.isTextual() && !"KeyError".equals(excType)
          ? only.textValue()
          : PythonRepr.saferepr(only, PythonRepr.NO_LIMIT);
    }
    return PythonRepr.argsrepr(args, PythonRepr.NO_LIMIT);
  }
}
