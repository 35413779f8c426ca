package io.jcelery.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jcelery.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PoolsTest {

  /** Starts {@code jobs} jobs that block until released; returns how many run at once. */
  private static int concurrentJobs(WorkerPool pool, int jobs) throws InterruptedException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < jobs; i++) {
      pool.execute(
          () -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              running.decrementAndGet();
            }
          });
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == Math.min(jobs, pool.size()));
    int seen = peak.get();
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
    return seen;
  }

  @Test
  void threadsPoolRunsAtMostItsSizeAndCanGrow() throws InterruptedException {
    ThreadsPool pool = new ThreadsPool(2);
    pool.resize(3);
    assertThat(pool.size()).isEqualTo(3);
    assertThat(concurrentJobs(pool, 6)).isEqualTo(3);
  }

  @Test
  void threadsPoolCanShrink() throws InterruptedException {
    ThreadsPool pool = new ThreadsPool(4);
    pool.resize(2);
    assertThat(concurrentJobs(pool, 5)).isEqualTo(2);
  }

  @Test
  void virtualPoolAcceptsWaitingJobsOneAtATimeInTheOrderTheyCameBeforeTheirThreadsStart()
      throws InterruptedException {
    // Platform threads stand in for virtual ones: the order of accepts is what is under test.
    AtomicInteger threadsStarted = new AtomicInteger();
    ThreadPoolExecutor threads =
        new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>()) {
          @Override
          public void execute(Runnable job) {
            threadsStarted.incrementAndGet();
            super.execute(job);
          }
        };
    VirtualPool pool = new VirtualPool(threads, 4);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 4; i++) {
      pool.execute(() -> awaitQuietly(release));
    }
    List<Integer> accepted = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ranBeforeAccepted = new AtomicInteger();
    int jobs = 400;
    for (int i = 0; i < jobs; i++) {
      int job = i;
      pool.execute(
          () -> {
            if (job % 8 == 0) {
              sleepQuietly(1); // a slow accept: later jobs must not overtake it
            }
            accepted.add(job);
          },
          () -> {
            if (!accepted.contains(job)) {
              ranBeforeAccepted.incrementAndGet();
            }
          });
    }
    assertThat(threadsStarted.get()).isEqualTo(4); // the waiting jobs are no threads

    release.countDown();
    pool.shutdown();

    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(accepted).isEqualTo(IntStream.range(0, jobs).boxed().toList());
    assertThat(ranBeforeAccepted.get()).isZero();
    assertThat(threadsStarted.get()).isEqualTo(4 + jobs);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void soloPoolRunsTheJobInTheCallersThread() throws InterruptedException {
    WorkerPool pool = WorkerPool.create(WorkerOptions.Pool.SOLO, 1);
    Thread caller = Thread.currentThread();
    Thread[] ran = new Thread[1];
    pool.execute(() -> ran[0] = Thread.currentThread());
    assertThat(ran[0]).isSameAs(caller);
    assertThat(pool.label()).isEqualTo("solo");
    assertThatThrownBy(() -> pool.resize(2)).isInstanceOf(UnsupportedOperationException.class);
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(1))).isTrue();
  }
}
