package io.jcelery.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jcelery.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The virtual pool works on Java 21+ and fails with a clear message on older runtimes; the
 * assertions follow the runtime this test runs on ({@code scripts/test.sh} runs it on 21+ too).
 */
class VirtualPoolTest {

  private static final int FEATURE = Runtime.version().feature();

  @Test
  void virtualPoolNeedsJava21OrRunsOnVirtualThreads() throws InterruptedException {
    if (FEATURE < 21) {
      assertThatThrownBy(() -> WorkerPool.create(WorkerOptions.Pool.VIRTUAL, 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the virtual pool needs Java 21+; this is Java " + FEATURE);
      return;
    }
    WorkerPool pool = WorkerPool.create(WorkerOptions.Pool.VIRTUAL, 2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger virtual = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 5; i++) {
      pool.execute(
          () -> {
            if (Thread.currentThread().getName().startsWith("VirtualPoolWorker-")
                && Thread.currentThread().isDaemon()) {
              virtual.incrementAndGet();
            }
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
    await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
    pool.resize(3);
    await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 3);
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(peak.get()).isEqualTo(3);
    assertThat(virtual.get()).isEqualTo(5);
    assertThat(pool.label()).isEqualTo("virtual");
  }
}
