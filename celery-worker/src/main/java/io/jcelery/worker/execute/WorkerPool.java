package io.jcelery.worker.execute;

import io.jcelery.worker.WorkerOptions;
import java.time.Duration;

/**
 * Where task jobs run: Celery's execution pool ({@code celery/concurrency/}). Thread-safe.
 *
 * @since 0.1
 */
public interface WorkerPool {

  /** The pool's name as Celery's banner prints it: {@code threads}, {@code virtual}, {@code solo}. */
  String label();

  /**
   * Runs a job. The threads and virtual pools queue it and return at once; the solo pool runs it
   * in the caller's thread before returning.
   */
  void execute(Runnable job);

  /**
   * Runs a job that is accepted first (Celery's {@code accept_callback}): {@code accept} runs once
   * the job has a slot, then {@code job} on the job's thread. The threads and solo pools run both
   * on the job's thread, as Celery's pools do. The virtual pool runs {@code accept} in the thread
   * that hands the slot over, so that jobs are accepted in the order they came.
   */
  default void execute(Runnable accept, Runnable job) {
    execute(
        () -> {
          accept.run();
          job.run();
        });
  }

  /** How many jobs may run at once now (Celery's {@code num_processes}). */
  int size();

  /**
   * Changes how many jobs may run at once. Shrinking never interrupts a running job: a busy slot
   * goes away when its job ends.
   *
   * @throws UnsupportedOperationException for the solo pool
   */
  void resize(int newSize);

  /**
   * A running job overran its hard time limit and is given up: the pool runs another job in its
   * place at once, even though the job's thread has not returned (Celery replaces the killed child
   * process). The solo pool cannot: its one thread stays busy until the job returns.
   *
   * @return to run on the abandoned job's thread when it finally returns, so the pool shrinks back
   */
  Runnable abandon();

  /** Stops taking jobs; queued and running jobs still run. */
  void shutdown();

  /** Waits until every job has ended after {@link #shutdown()}; true when they have. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Creates the pool named by {@code kind} with {@code size} slots.
   *
   * @throws IllegalStateException for {@link WorkerOptions.Pool#VIRTUAL} on a Java runtime older
   *     than 21
   */
  static WorkerPool create(WorkerOptions.Pool kind, int size) {
    return switch (kind) {
      case THREADS -> new ThreadsPool(size);
      case VIRTUAL -> new VirtualPool(VirtualThreads.newExecutor("VirtualPoolWorker-"), size);
      case SOLO -> new SoloPool();
    };
  }
}
