package io.jcelery.results;

/**
 * Where the result of one request goes when the backend sends results as messages: the request's
 * {@code reply_to} and {@code correlation_id} properties (celery {@code celery/backends/rpc.py}
 * {@code RPCBackend.destination_for}). Key-value backends ignore it. Immutable.
 *
 * @param replyTo the task message's {@code reply_to} property: the queue the producer waits on;
 *     null or empty when the producer set none
 * @param correlationId the task message's {@code correlation_id} property; null or empty means the
 *     task id, as in Celery
 * @since 0.1
 */
public record ResultRoute(String replyTo, String correlationId) {

  /** No destination: for backends that store by task id, or requests without properties. */
  public static final ResultRoute NONE = new ResultRoute(null, null);
}
