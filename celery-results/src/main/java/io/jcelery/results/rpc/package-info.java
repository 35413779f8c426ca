/**
 * The {@code rpc://} result backend: workers send each task state as a message to the producer's
 * {@code reply_to} queue over the app's broker, and the producer keeps the latest state in memory
 * (celery {@code celery/backends/rpc.py}). Sits in the completion stage on the worker side and
 * behind {@code AsyncResult} on the client side.
 */
package io.jcelery.results.rpc;
