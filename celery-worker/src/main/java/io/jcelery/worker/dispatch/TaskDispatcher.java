package io.jcelery.worker.dispatch;

import io.jcelery.worker.decode.TaskRequest;
import io.jcelery.worker.inbound.TaskConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to each decoded request, in the order of Celery's {@code
 * celery/worker/strategy.py} ({@code default}): look the task up (unknown: {@link
 * DispatchTarget#unregistered}), log {@code Task name[id] received}, drop it as revoked when it was revoked or has
 * expired, hold it when its ETA is in the future (raising the prefetch count by one while held),
 * then, for a task type with a {@linkplain RegisteredTask#rateLimit() rate limit}, hold it until the
 * type's token bucket allows it (again raising the prefetch count while held; other types are not
 * delayed), else execute it. Thread-safe.
 *
 * @since 0.1
 */
public final class TaskDispatcher {

  private static final Logger log = LoggerFactory.getLogger(TaskDispatcher.class);

  private final TaskRegistry registry;
  private final DispatchTarget target;
  private final TaskConsumer consumer;
  private final Clock clock;
  private final EtaScheduler scheduler = new EtaScheduler();
  private final RateLimiter limiter;
  private final Revoked revoked;

  /**
   * @param registry the known tasks
   * @param target where requests go next
   * @param consumer whose prefetch count is raised while an ETA or rate-limited task is held
   * @param clock the time ETA, expiry and rate limits are measured with
   */
  public TaskDispatcher(
      TaskRegistry registry, DispatchTarget target, TaskConsumer consumer, Clock clock) {
    this(registry, target, consumer, clock, Revoked.fromEnvironment(Map.of()));
  }

  /**
   * @param revoked the worker's revoked ids; expired tasks are added to it, as in Celery
   */
  public TaskDispatcher(
      TaskRegistry registry,
      DispatchTarget target,
      TaskConsumer consumer,
      Clock clock,
      Revoked revoked) {
    this.revoked = revoked;
    this.registry = registry;
    this.target = target;
    this.consumer = consumer;
    this.clock = clock;
    this.limiter = new RateLimiter(clock, consumer, this::released);
  }

  /** Routes one request. Never throws for a bad request; each path settles it eventually. */
  public void dispatch(TaskRequest request) {
    RegisteredTask task = registry.get(request.taskName());
    if (task == null) {
      target.unregistered(request);
      return;
    }
    log.info("Task {}[{}] received", request.name(), request.id());
    if (discardedAsRevoked(request, task)) {
      return;
    }
    OffsetDateTime eta = request.eta();
    if (eta != null) {
      Duration delay = Duration.between(clock.instant(), eta.toInstant());
      if (!delay.isNegative() && !delay.isZero()) {
        consumer.incrementPrefetch();
        scheduler.schedule(delay, () -> due(request, task));
        return;
      }
    }
    run(request, task);
  }

  /** Executes now, or through the task type's token bucket when it has a rate limit. */
  private void run(TaskRequest request, RegisteredTask task) {
    if (task.rateLimit().isLimited()) {
      limiter.submit(request, task);
    } else {
      target.execute(request, task);
    }
  }

  /** A rate-limited request got its token (Celery's {@code _limit_move_to_pool}). */
  private void released(TaskRequest request, RegisteredTask task) {
    try {
      if (!discardedAsRevoked(request, task)) {
        target.execute(request, task);
      }
    } catch (RuntimeException e) {
      log.error("Cannot run rate-limited task {}: {}", request, e.toString(), e);
    }
  }

  /**
   * An ETA task's time has come (Celery's {@code apply_eta_task}, or {@code _limit_post_eta} for a
   * rate-limited type).
   */
  private void due(TaskRequest request, RegisteredTask task) {
    try {
      if (!discardedAsRevoked(request, task)) {
        run(request, task);
      }
    } catch (RuntimeException e) {
      log.error("Cannot run ETA task {}: {}", request, e.toString(), e);
    } finally {
      consumer.decrementPrefetch();
    }
  }

  /**
   * Celery's {@code Request.revoked()}: a request revoked by id, or past its {@code expires} (whose
   * id is then remembered as revoked), is discarded: logged, stored as {@code REVOKED} and acked.
   */
  private boolean discardedAsRevoked(TaskRequest request, RegisteredTask task) {
    OffsetDateTime expires = request.expires();
    boolean expired = expires != null && clock.instant().isAfter(expires.toInstant());
    if (expired) {
      revoked.add(request.id());
    } else if (!revoked.contains(request.id())) {
      return false;
    }
    log.info("Discarding revoked task: {}[{}]", request.name(), request.id());
    target.revoked(request, task, expired ? "expired" : "revoked");
    return true;
  }

  /**
   * Stops holding ETA and rate-limited tasks: they are dropped unsettled, so the transport gives
   * them back to the broker when it closes (Celery's warm shutdown does the same).
   *
   * @return how many tasks were held
   */
  public int stop() {
    return scheduler.stop() + limiter.stop();
  }
}
