/**
 * Stage four: running tasks. A {@link io.jcelery.worker.execute.WorkerPool} (threads, virtual or
 * solo, optionally resized by the {@link io.jcelery.worker.execute.Autoscaler}) runs each job;
 * the {@link io.jcelery.worker.execute.TaskInvoker} calls the task method and turns whatever it
 * returns or throws into an {@link io.jcelery.worker.execute.Outcome}, so no later stage sees a
 * task's exception (celery {@code celery/app/trace.py}).
 */
package io.jcelery.worker.execute;
