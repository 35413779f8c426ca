/**
 * The result backend SPI: where a worker stores task states and results and where a client reads
 * them, in Celery's storage format so that Python and Java read each other's results. {@link
 * io.jcelery.results.KeyValueResultBackend} holds Celery's key-value semantics; each store
 * implements a few primitives in its own package.
 */
package io.jcelery.results;
