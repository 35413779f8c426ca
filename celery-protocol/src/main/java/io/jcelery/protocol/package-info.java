/**
 * Celery's message protocol v2 as Java records: the kombu message that travels on a broker
 * ({@link io.jcelery.protocol.TaskMessage}), its typed task headers and body, signatures, task
 * states and the result meta that backends store. This module does no I/O and starts no threads.
 *
 * <p>Exceptions: every jcelery exception extends the unchecked {@link
 * io.jcelery.protocol.CeleryException}. Each module has one family below it:
 *
 * <pre>
 * CeleryException
 *  ├─ ProtocolException            (celery-protocol: encode/decode)
 *  │   ├─ ContentDisallowedException  (content type not in accept_content; kombu ContentDisallowed)
 *  │   └─ InvalidTaskException        (decodable but not a valid task; celery InvalidTaskError)
 *  ├─ TransportException           (celery-transport: broker I/O)
 *  ├─ ResultBackendException       (celery-results)
 *  ├─ ConfigurationException       (celery-client: a bad or unsupported setting)
 *  └─ RemoteTaskException          (celery-client: a task failed remotely; carries type, message, traceback)
 * </pre>
 */
package io.jcelery.protocol;
