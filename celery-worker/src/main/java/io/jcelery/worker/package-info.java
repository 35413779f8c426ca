/**
 * The worker's public API: mark task methods with {@link io.jcelery.worker.CeleryTask}, read the
 * request through {@link io.jcelery.worker.TaskContext}, and run a {@link io.jcelery.worker.Worker}
 * built from a Celery app and {@link io.jcelery.worker.WorkerOptions}. The stages a message passes
 * through live in the sub-packages, in flow order: {@code inbound}, {@code decode}, {@code
 * dispatch}, {@code execute}, {@code complete}.
 */
package io.jcelery.worker;
