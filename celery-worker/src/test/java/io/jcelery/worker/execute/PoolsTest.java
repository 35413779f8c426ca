package io.jcelery.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jcelery.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
