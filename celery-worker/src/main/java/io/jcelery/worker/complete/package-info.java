/**
 * Stage five: after a task. The {@link io.jcelery.worker.complete.TaskCompleter} stores the state
 * in the result backend in Celery's format, publishes the canvas follow-ups (callbacks, next chain
 * step), logs the outcome as Celery does, and settles the message: early acks when the pool
 * accepts the job, late acks once the result is stored (celery {@code celery/app/trace.py}, {@code
 * celery/worker/request.py}).
 */
package io.jcelery.worker.complete;
