package io.jcelery.worker.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The ids of revoked and expired tasks the worker remembers: Celery's {@code state.revoked}, a
 * {@code LimitedSet(maxlen=REVOKES_MAX, expires=REVOKE_EXPIRES)} ({@code celery/worker/state.py},
 * {@code celery/utils/collections.py}). The oldest ids go first when it is full, and each id is
 * forgotten once it expires. Thread-safe.
 */
public final class Revoked {

  /** Celery's {@code REVOKES_MAX} default. */
  public static final int DEFAULT_MAX = 50_000;

  /** Celery's {@code REVOKE_EXPIRES} default: 3 hours. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofSeconds(10_800);

  private final int max;
  private final long expiresNanos;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<String, Long> added = new LinkedHashMap<>();

  /**
   * @param max the most ids kept
   * @param expires how long an id is kept
   * @param nanoTime the clock, {@link System#nanoTime()} outside tests
   */
  public Revoked(int max, Duration expires, LongSupplier nanoTime) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    this.max = max;
    this.expiresNanos = expires.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Celery's limits, overridable as in Celery with the environment variables {@code
   * CELERY_WORKER_REVOKES_MAX} and {@code CELERY_WORKER_REVOKE_EXPIRES} (seconds).
   */
  public static Revoked fromEnvironment(Map<String, String> env) {
    int max = DEFAULT_MAX;
    Duration expires = DEFAULT_EXPIRES;
    String maxText = env.get("CELERY_WORKER_REVOKES_MAX");
    String expiresText = env.get("CELERY_WORKER_REVOKE_EXPIRES");
    try {
      if (maxText != null && !maxText.isBlank()) {
        max = Integer.parseInt(maxText.trim());
      }
      if (expiresText != null && !expiresText.isBlank()) {
        expires = Duration.ofMillis(Math.round(Double.parseDouble(expiresText.trim()) * 1000));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "CELERY_WORKER_REVOKES_MAX / CELERY_WORKER_REVOKE_EXPIRES must be numbers: "
              + e.getMessage(),
          e);
    }
    return new Revoked(max, expires, System::nanoTime);
  }

  /** Remembers the ids (again, if known: their expiry restarts). */
  public synchronized void addAll(Collection<String> ids) {
    long now = nanoTime.getAsLong();
    for (String id : ids) {
      added.remove(id);
      added.put(id, now);
    }
    purge(now);
  }

  /** Remembers one id. */
  public void add(String id) {
    addAll(java.util.List.of(id));
  }

  /** Whether the id is remembered and not expired. */
  public synchronized boolean contains(String id) {
    purge(nanoTime.getAsLong());
    return added.containsKey(id);
  }

  /** How many ids are remembered. */
  public synchronized int size() {
    purge(nanoTime.getAsLong());
    return added.size();
  }

  private void purge(long now) {
    Iterator<Map.Entry<String, Long>> oldestFirst = added.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<String, Long> eldest = oldestFirst.next();
      if (added.size() > max || now - eldest.getValue() >= expiresNanos) {
        oldestFirst.remove();
      } else {
        break;
      }
    }
  }
}
