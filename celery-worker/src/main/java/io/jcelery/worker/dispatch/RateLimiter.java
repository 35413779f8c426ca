package io.jcelery.worker.dispatch;

import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.inbound.TaskConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Holds requests of rate-limited task types until their type's token bucket gives a token, in
 * arrival order (Celery's {@code consumer.py}: {@code _limit_task}, {@code
 * _schedule_bucket_request}, {@code _limit_move_to_pool}). Each held request raises the consumer's
 * prefetch count by one until it is released. Requests of other types never wait here. Thread-safe.
 */
final class RateLimiter {

  private final Clock clock;
  private final TaskConsumer consumer;
  private final BiConsumer<TaskRequest, RegisteredTask> release;
  private final EtaScheduler timer = new EtaScheduler("RateLimiter");
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  /**
   * @param release called, outside any lock, with each request whose token came
   */
  RateLimiter(
      Clock clock, TaskConsumer consumer, BiConsumer<TaskRequest, RegisteredTask> release) {
    this.clock = clock;
    this.consumer = consumer;
    this.release = release;
  }

  /**
   * Runs the request now when its bucket has a token and nothing of its type waits, else holds it.
   * The task must be {@linkplain RateLimit#isLimited() limited}.
   */
  void submit(TaskRequest request, RegisteredTask task) {
    Bucket bucket =
        buckets.computeIfAbsent(
            task.name(),
            n -> new Bucket(new TokenBucket(task.rateLimit().perSecond(), 1, clock), task));
    List<TaskRequest> ready;
    synchronized (bucket) {
      if (stopped) {
        return; // left unsettled: the broker gets it back when the transport closes
      }
      if (bucket.held.isEmpty() && bucket.tokens.canConsume()) {
        ready = null;
      } else {
        bucket.held.addLast(request);
        consumer.incrementPrefetch();
        ready = drain(bucket);
      }
    }
    if (ready == null) {
      release.accept(request, task);
    } else {
      releaseAll(ready, task);
    }
  }

  private void wake(Bucket bucket, RegisteredTask task) {
    List<TaskRequest> ready;
    synchronized (bucket) {
      bucket.armed = false;
      if (stopped) {
        return;
      }
      ready = drain(bucket);
    }
    releaseAll(ready, task);
  }

  /** Takes tokens for the head requests; arms one timer for when the next token is due. */
  private List<TaskRequest> drain(Bucket bucket) {
    List<TaskRequest> ready = new ArrayList<>();
    while (!bucket.held.isEmpty() && bucket.tokens.canConsume()) {
      ready.add(bucket.held.pollFirst());
    }
    if (!bucket.held.isEmpty() && !bucket.armed) {
      bucket.armed = true;
      RegisteredTask task = bucket.task;
      Duration hold = bucket.tokens.expectedTime();
      timer.schedule(hold, () -> wake(bucket, task));
    }
    return ready;
  }

  private void releaseAll(List<TaskRequest> ready, RegisteredTask task) {
    for (TaskRequest request : ready) {
      consumer.decrementPrefetch();
      release.accept(request, task);
    }
  }

  /**
   * Drops every held request without running it; their messages stay unsettled, so the transport
   * returns them to the queue when it closes.
   *
   * @return how many requests were held
   */
  int stop() {
    stopped = true;
    timer.stop();
    int held = 0;
    for (Bucket bucket : buckets.values()) {
      synchronized (bucket) {
        held += bucket.held.size();
        bucket.held.clear();
      }
    }
    return held;
  }

  private static final class Bucket {
    final TokenBucket tokens;
    final Deque<TaskRequest> held = new ArrayDeque<>();
    final RegisteredTask task;
    boolean armed;

    Bucket(TokenBucket tokens, RegisteredTask task) {
      this.tokens = tokens;
      this.task = task;
    }
  }
}
