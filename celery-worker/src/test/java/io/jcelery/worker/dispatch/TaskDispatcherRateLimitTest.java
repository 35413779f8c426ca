package io.jcelery.worker.dispatch;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.transport.Transport;
import io.jcelery.transport.Transports;
import io.jcelery.worker.LimitedTasks;
import io.jcelery.worker.MutableClock;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.inbound.TaskConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token buckets per task type, after ETA, as Celery's consumer applies {@code rate_limit}. */
class TaskDispatcherRateLimitTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int BASE_PREFETCH = 4;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Transport transport = Transports.open("memory://rate-" + UUID.randomUUID());
  private final TaskConsumer consumer = new TaskConsumer(transport, List.of(), BASE_PREFETCH);
  private final RecordingTarget target = new RecordingTarget();
  private final TaskDispatcher dispatcher =
      new TaskDispatcher(
          TaskRegistry.scan(List.of(LimitedTasks.class), TaskDefaults.CELERY),
          target,
          consumer,
          clock);

  @AfterEach
  void tearDown() {
    dispatcher.stop();
    transport.close();
  }

  @Test
  void aTenPerSecondTypeNeverRunsFasterThanItsBucketWhileAnUnlimitedTypeRunsAtOnce() {
    for (int i = 0; i < 20; i++) {
      dispatcher.dispatch(request("tasks.limited", "[" + i + "]", "{}"));
      dispatcher.dispatch(request("tasks.echo", "[" + i + "]", "{}"));
    }
    assertThat(target.times("tasks.echo")).hasSize(20);
    assertThat(target.times("tasks.limited")).hasSize(1);
    assertThat(consumer.prefetchCount()).isEqualTo(BASE_PREFETCH + 19);

    // Capacity 1: a long pause earns one token, not ten.
    clock.advance(Duration.ofSeconds(1));
    await().atMost(TIMEOUT).until(() -> target.times("tasks.limited").size() >= 2);
    for (int i = 2; i < 20; i++) {
      clock.advance(Duration.ofMillis(100));
      int expected = i + 1;
      await().atMost(TIMEOUT).until(() -> target.times("tasks.limited").size() >= expected);
    }

    List<Instant> times = target.times("tasks.limited");
    assertThat(times).hasSize(20);
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1), times.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
    assertThat(target.args("tasks.limited")).isSorted();
    await().atMost(TIMEOUT).until(() -> consumer.prefetchCount() == BASE_PREFETCH);
  }

  @Test
  void heldRequestsAreDroppedUnsettledAtStop() {
    List<TaskRequest> sent = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      TaskRequest request = request("tasks.hourly", "[" + i + "]", "{}");
      sent.add(request);
      dispatcher.dispatch(request);
    }
    assertThat(target.times("tasks.hourly")).hasSize(1);
    assertThat(consumer.prefetchCount()).isEqualTo(BASE_PREFETCH + 2);

    assertThat(dispatcher.stop()).isEqualTo(2);
    dispatcher.dispatch(request("tasks.hourly", "[9]", "{}"));
    clock.advance(Duration.ofHours(2));
    assertThat(target.times("tasks.hourly")).hasSize(1);
  }

  /** Records when (by the test clock) each task was handed on. */
  private final class RecordingTarget implements DispatchTarget {
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final List<Instant> times = new CopyOnWriteArrayList<>();
    private final List<Integer> args = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void execute(TaskRequest request, RegisteredTask task) {
      names.add(task.name());
      times.add(clock.instant());
      args.add(request.args().get(0).asInt());
    }

    @Override
    public void unregistered(TaskRequest request) {}

    @Override
    public void revoked(TaskRequest request, RegisteredTask task, String reason) {}

    synchronized List<Instant> times(String name) {
      return java.util.stream.IntStream.range(0, names.size())
          .filter(i -> names.get(i).equals(name))
          .mapToObj(times::get)
          .toList();
    }

    synchronized List<Integer> args(String name) {
      return java.util.stream.IntStream.range(0, names.size())
          .filter(i -> names.get(i).equals(name))
          .mapToObj(args::get)
          .toList();
    }
  }
}
