package io.jcelery.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkerPool#abandon()}: a job past its hard limit gives its slot up at once, and the pool
 * shrinks back when the abandoned job finally returns.
 */
class PoolAbandonTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CountDownLatch releaseStuck = new CountDownLatch(1);
  private final CountDownLatch releaseOthers = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();
  private ExecutorService platformThreads;
  private WorkerPool pool;

  @AfterEach
  void tearDown() throws InterruptedException {
    releaseStuck.countDown();
    releaseOthers.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(TIMEOUT)).isTrue();
    if (platformThreads != null) {
      platformThreads.shutdownNow();
    }
  }

  @Test
  void threadsPoolRunsAnotherJobInPlaceOfAnAbandonedOneThenShrinksBack() {
    pool = new ThreadsPool(1);
    abandonsAndShrinksBack();
  }

  @Test
  void virtualPoolReleasesTheSlotOfAnAbandonedJobThenShrinksBack() {
    // Platform threads stand in for virtual ones: the slot accounting is what is under test.
    platformThreads = Executors.newCachedThreadPool();
    pool = new VirtualPool(platformThreads, 1);
    abandonsAndShrinksBack();
  }

  private void abandonsAndShrinksBack() {
    CountDownLatch stuckStarted = new CountDownLatch(1);
    Runnable[] lateReturn = new Runnable[1];
    pool.execute(
        () -> {
          stuckStarted.countDown();
          awaitQuietly(releaseStuck);
          lateReturn[0].run();
        });
    await().atMost(TIMEOUT).until(() -> stuckStarted.getCount() == 0);
    lateReturn[0] = pool.abandon();

    pool.execute(this::holdingJob);
    await().atMost(TIMEOUT).until(() -> running.get() == 1);

    releaseStuck.countDown(); // the abandoned job returns: the extra slot goes away
    pool.execute(this::holdingJob);
    await().during(Duration.ofMillis(200)).atMost(TIMEOUT).until(() -> running.get() == 1);
    releaseOthers.countDown();
    await().atMost(TIMEOUT).until(() -> running.get() == 0);
    assertThat(pool.size()).isEqualTo(1);
  }

  private void holdingJob() {
    running.incrementAndGet();
    awaitQuietly(releaseOthers);
    running.decrementAndGet();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
