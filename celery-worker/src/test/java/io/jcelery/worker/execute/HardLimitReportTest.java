package io.jcelery.worker.execute;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcelery.worker.TimeLimitTasks;
import io.jcelery.worker.WorkerOptions;
import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.dispatch.RegisteredTask;
import io.jcelery.worker.dispatch.TaskDefaults;
import io.jcelery.worker.dispatch.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The report of a hard time limit (storing {@code FAILURE}, settling the message) may be slow, as a
 * slow result backend is; it must not hold up the watch of other tasks' limits, nor let a warm
 * shutdown finish before it is done.
 */
class HardLimitReportTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final TaskRegistry registry =
      TaskRegistry.scan(List.of(TimeLimitTasks.class), TaskDefaults.CELERY);
  private final RegisteredTask stubborn = registry.get("tasks.stubborn");
  private final WorkerPool pool = WorkerPool.create(WorkerOptions.Pool.THREADS, 2);
  private final CountDownLatch backendStalled = new CountDownLatch(1);
  private final Map<String, Long> reportedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
  private TaskExecution execution;

  /** The first outcome reported blocks until the test lets it go: a stalled result backend. */
  private final ExecutionListener slowFirstReport =
      new ExecutionListener() {
        @Override
        public void onAccepted(TaskRequest request, RegisteredTask task) {}

        @Override
        public CompletionStage<Void> onOutcome(
            TaskRequest request, RegisteredTask task, Outcome outcome) {
          boolean first;
          synchronized (reportedAt) {
            first = reportedAt.isEmpty();
            reportedAt.put(request.id(), System.nanoTime());
          }
          if (first) {
            try {
              backendStalled.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          finishedAt.put(request.id(), System.nanoTime());
          return CompletableFuture.completedStage(null);
        }
      };

  @AfterEach
  void tearDown() {
    backendStalled.countDown();
    TimeLimitTasks.released = true;
    pool.shutdown();
    execution.close();
  }

  @Test
  void aSlowHardLimitReportDoesNotDelayTheHardLimitOfAnotherTask() {
    TimeLimitTasks.released = false;
    execution = new TaskExecution(pool, new TaskInvoker(), slowFirstReport);
    TaskRequest first = request("tasks.stubborn", "[]", "{}");
    execution.submit(first, stubborn);
    await().atMost(TIMEOUT).until(() -> reportedAt.containsKey(first.id()));

    long secondStart = System.nanoTime();
    TaskRequest second = request("tasks.stubborn", "[]", "{}");
    execution.submit(second, stubborn);
    await().atMost(TIMEOUT).until(() -> finishedAt.containsKey(second.id()));

    assertThat(Duration.ofNanos(finishedAt.get(second.id()) - secondStart))
        .isLessThan(Duration.ofMillis(1500));
    assertThat(finishedAt).doesNotContainKey(first.id());
  }

  @Test
  void aHardLimitReportInProgressStillCountsAsReserved() {
    TimeLimitTasks.released = false;
    execution = new TaskExecution(pool, new TaskInvoker(), slowFirstReport);
    TaskRequest first = request("tasks.stubborn", "[]", "{}");
    execution.submit(first, stubborn);
    await().atMost(TIMEOUT).until(() -> reportedAt.containsKey(first.id()));

    assertThat(execution.reserved()).isEqualTo(1);
    backendStalled.countDown();
    await().atMost(TIMEOUT).until(() -> execution.reserved() == 0);
  }
}
