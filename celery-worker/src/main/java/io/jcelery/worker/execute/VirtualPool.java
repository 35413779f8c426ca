package io.jcelery.worker.execute;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual thread per running job, at most {@code size} at once. The jobs beyond wait in a
 * queue, not as threads. Jobs take slots and are accepted one at a time, in the order they came:
 * a job's accept step runs in the thread that hands it the slot (the consumer's, that of the job
 * whose slot it takes, or the one that resizes the pool or abandons a job) before the job's own
 * thread starts.
 *
 * <p>Why: an early-ack task is acked when it is accepted, and RabbitMQ walks its list of unacked
 * deliveries for every ack of a delivery newer than the oldest unacked one. When each job waited
 * for a permit on its own thread and was accepted there, jobs were accepted in no strict order:
 * the virtual-thread scheduler runs threads in no strict order, and a thread that had its permit
 * could wait on a contended lock in the ack path while thousands of later jobs were accepted. With
 * {@code -c 10000} on 2 busy cores, acks came thousands of deliveries apart and RabbitMQ spent
 * about 190 us of CPU per task, against 70 with acks in order.
 *
 * <p>Accepting under {@link #acceptLock} calls the accept step (an ack, which may write to the
 * broker's socket) holding a lock. No thread that acks or writes ever waits for this pool, so the
 * lock only makes jobs wait for the jobs accepted before them.
 */
final class VirtualPool implements WorkerPool {

  private static final Logger log = LoggerFactory.getLogger(VirtualPool.class);

  private static final Runnable NOTHING = () -> {};

  private final ExecutorService executor;
  /** Held while a job takes a slot and is accepted, so that jobs are accepted in order. */
  private final Object acceptLock = new Object();
  private final Object lock = new Object();
  // guarded by lock:
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int size;
  private int busy; // slots taken: jobs accepted or running, less the abandoned ones
  private boolean shutdown;

  /** A job waiting for a slot, and its accept step. */
  private record Waiting(Runnable accept, Runnable job) {}

  /**
   * @param executor starts one thread per job
   */
  VirtualPool(ExecutorService executor, int size) {
    this.executor = executor;
    this.size = size;
  }

  @Override
  public String label() {
    return "virtual";
  }

  @Override
  public void execute(Runnable job) {
    execute(NOTHING, job);
  }

  @Override
  public void execute(Runnable accept, Runnable job) {
    synchronized (acceptLock) {
      synchronized (lock) {
        if (shutdown) {
          throw new RejectedExecutionException("the pool is shut down");
        }
        if (busy >= size) {
          waiting.add(new Waiting(accept, job));
          return;
        }
        busy++;
      }
      accept(accept);
    }
    start(job);
  }

  /** Accepts a job that has a slot; called holding {@link #acceptLock}. */
  private static void accept(Runnable accept) {
    try {
      accept.run();
    } catch (RuntimeException e) {
      // The job runs all the same and finds it was not accepted.
      log.error("Accepting a job failed: {}", e.toString(), e);
    }
  }

  /** Runs an accepted job on a thread of its own. */
  private void start(Runnable job) {
    executor.execute(
        () -> {
          try {
            job.run();
          } finally {
            slotFreed();
          }
        });
  }

  /** A slot is free: the oldest waiting job takes it, unless the pool is over its size. */
  private void slotFreed() {
    Waiting next;
    synchronized (acceptLock) {
      synchronized (lock) {
        next = busy <= size ? waiting.poll() : null;
        if (next == null) {
          busy--;
          if (shutdown && busy == 0 && waiting.isEmpty()) {
            executor.shutdown();
          }
        }
      }
      if (next != null) {
        accept(next.accept());
      }
    }
    if (next != null) {
      start(next.job());
    }
  }

  @Override
  public int size() {
    synchronized (lock) {
      return size;
    }
  }

  @Override
  public void resize(int newSize) {
    if (newSize < 0) {
      throw new IllegalArgumentException("pool size must not be negative: " + newSize);
    }
    List<Waiting> starting = new ArrayList<>();
    synchronized (acceptLock) {
      synchronized (lock) {
        size = newSize;
        while (busy < size && !waiting.isEmpty()) {
          busy++;
          starting.add(waiting.poll());
        }
      }
      starting.forEach(next -> accept(next.accept()));
    }
    starting.forEach(next -> start(next.job()));
  }

  @Override
  public Runnable abandon() {
    // The slot goes to a waiting job now. The abandoned job's end, when it returns, frees its slot
    // a second time, so that end first takes one back.
    slotFreed();
    return () -> {
      synchronized (lock) {
        busy++;
      }
    };
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      if (busy == 0 && waiting.isEmpty()) {
        executor.shutdown();
      }
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
