package io.jcelery.results;

import io.jcelery.transport.Transport;

/**
 * What the app lends a result backend besides its URL and options: Celery passes the app itself to
 * every backend ({@code Backend(app)}), and the {@code rpc://} backend uses the app's broker
 * connection and its {@code thread_oid}. Key-value backends need none of it.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface ResultBackendContext {

  /**
   * The app's broker connection, opened on first call and owned by the app: a backend publishes
   * and consumes on it but never closes it.
   *
   * @throws io.jcelery.transport.TransportException when the broker cannot be reached
   */
  Transport transport();

  /**
   * The app's unique id ({@code app.thread_oid}): the name of the queue this process receives rpc
   * results on, sent as every task's {@code reply_to}. Never null.
   */
  String oid();
}
