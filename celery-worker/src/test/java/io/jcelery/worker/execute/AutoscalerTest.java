package io.jcelery.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.worker.WorkerOptions.Autoscale;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

  private final ThreadsPool pool = new ThreadsPool(1);
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger resizes = new AtomicInteger();

  private Autoscaler autoscaler(Duration keepalive) {
    return new Autoscaler(
        pool,
        reserved::get,
        new Autoscale(4, 1),
        keepalive,
        Duration.ofHours(1),
        resizes::incrementAndGet);
  }

  @AfterEach
  void stopPool() {
    pool.shutdown();
  }

  @Test
  void growsToTheReservedCountButNotPastMax() {
    Autoscaler scaler = autoscaler(Duration.ofHours(1));
    reserved.set(3);
    assertThat(scaler.maybeScale()).isTrue();
    assertThat(pool.size()).isEqualTo(3);
    reserved.set(10);
    scaler.maybeScale();
    assertThat(pool.size()).isEqualTo(4);
    assertThat(resizes).hasValue(2);
  }

  @Test
  void shrinksTowardMinOnlyAfterTheKeepalive() {
    Autoscaler scaler = autoscaler(Duration.ofHours(1));
    reserved.set(4);
    scaler.maybeScale();
    reserved.set(0);
    assertThat(scaler.maybeScale()).as("within the keepalive").isFalse();
    assertThat(pool.size()).isEqualTo(4);

  }

  @Test
  void shrinksToMinOnceTheKeepaliveHasPassed() {
    Autoscaler quick = autoscaler(Duration.ofMillis(20));
    reserved.set(4);
    quick.maybeScale();
    reserved.set(0);
    await().atMost(Duration.ofSeconds(5)).until(quick::maybeScale);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(resizes).hasValue(2);
  }

  @Test
  void neverShrinksAPoolItNeverGrew() {
    ThreadsPool big = new ThreadsPool(3);
    try {
      Autoscaler scaler =
          new Autoscaler(
              big, () -> 0, new Autoscale(4, 1), Duration.ofNanos(1), Duration.ofHours(1), () -> {});
      assertThat(scaler.maybeScale()).isFalse();
      assertThat(big.size()).isEqualTo(3);
    } finally {
      big.shutdown();
    }
  }
}
