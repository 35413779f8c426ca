/**
 * Stage one: taking task messages from the broker. The {@link
 * io.jcelery.worker.inbound.TaskConsumer} consumes the worker's queues with a prefetch limit
 * (Celery's {@code worker_prefetch_multiplier} times the pool size, raised by one for every held
 * ETA task) and hands each delivery to the decode stage, making sure no exception ever reaches the
 * transport's thread.
 */
package io.jcelery.worker.inbound;
