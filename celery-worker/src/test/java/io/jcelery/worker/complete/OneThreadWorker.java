package io.jcelery.worker.complete;

import io.jcelery.results.ResultBackend;
import io.jcelery.worker.Tasks;
import io.jcelery.worker.WorkerOptions;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskRegistry;
import io.jcelery.worker.execute.TaskExecution;
import io.jcelery.worker.execute.TaskInvoker;
import io.jcelery.worker.execute.WorkerPool;
import java.util.List;

/**
 * The completion tests' worker: one pool thread running {@link Tasks} with Celery's defaults,
 * reported by a {@link TaskCompleter} to the given backend. Opened before each test, closed after.
 */
final class OneThreadWorker implements AutoCloseable {

  final TaskRegistry registry = TaskRegistry.scan(List.of(Tasks.class), TaskDefaults.CELERY);
  final WorkerPool pool;
  final TaskExecution execution;

  OneThreadWorker(ResultBackend backend) {
    Tasks.reset();
    pool = WorkerPool.create(WorkerOptions.Pool.THREADS, 1);
    execution =
        new TaskExecution(
            pool,
            new TaskInvoker(),
            new TaskCompleter(backend, CompletionOptions.CELERY, FollowUps.NONE));
  }

  /** Runs {@code request} as its registered task. */
  void submit(TaskRequest request) {
    execution.submit(request, registry.get(request.name()));
  }

  /** Lets gated tasks finish, then stops the pool. */
  @Override
  public void close() {
    Tasks.gate.countDown();
    pool.shutdown();
    execution.close();
  }
}
