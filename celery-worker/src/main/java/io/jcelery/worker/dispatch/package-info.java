/**
 * Stage three: deciding what to do with a decoded request, as Celery's {@code
 * celery/worker/strategy.py} does. The {@link io.jcelery.worker.dispatch.TaskRegistry} maps task
 * names to methods (scanned once, called through method handles); unknown names, expired
 * requests and requests with a future ETA are routed away from the pool; everything else goes to
 * the {@link io.jcelery.worker.dispatch.DispatchTarget}. Argument binding (Python's call
 * semantics over args and kwargs) also lives here.
 */
package io.jcelery.worker.dispatch;
