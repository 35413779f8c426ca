package io.jcelery.results.memory;

import io.jcelery.results.KeyValueResultBackend;
import io.jcelery.results.ResultBackendOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A result backend in this JVM's memory, for tests and single-process use.
 *
 * <p><b>Features:</b> Celery's key-value semantics (see {@link KeyValueResultBackend}), results
 * encoded exactly as on Redis, {@code result_expires} applied, atomic {@code incr}, waiting without
 * polling (monitor wait/notify). Results vanish with the JVM and are invisible to other processes.
 *
 * <p><b>URL:</b> {@code memory://[name]}. Backends opened with the same name share one store, as
 * Celery's in-process {@code cache+memory://} backend shares its cache; the name defaults to empty.
 *
 * <p><b>Options:</b> only those of {@link ResultBackendOptions}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryResultBackend extends KeyValueResultBackend {

  private static final Map<String, Store> NAMED_STORES = new ConcurrentHashMap<>();

  private final Store store;

  private InMemoryResultBackend(Store store, ResultBackendOptions options) {
    super(options);
    this.store = store;
  }

  /** A backend with a store of its own, shared with nothing. */
  public static InMemoryResultBackend create(ResultBackendOptions options) {
    return new InMemoryResultBackend(new Store(), options);
  }

  /** A backend on the JVM-wide store of this name ({@code memory://<name>}). */
  public static InMemoryResultBackend named(String name, ResultBackendOptions options) {
    return new InMemoryResultBackend(NAMED_STORES.computeIfAbsent(name, n -> new Store()), options);
  }

  @Override
  protected byte[] getValue(String key) {
    return store.get(key);
  }

  @Override
  protected void set(String key, byte[] value, Duration ttl) {
    store.set(key, value.clone(), ttl);
  }

  @Override
  protected void delete(String key) {
    store.delete(key);
  }

  @Override
  protected long incr(String key) {
    return store.incr(key);
  }

  @Override
  protected void expire(String key, Duration ttl) {
    store.expire(key, ttl);
  }

  @Override
  protected KeyWatch watch(String key) {
    return store.watch();
  }

  /** The time left before a key expires; null when it never does or does not exist. */
  Duration ttl(String key) {
    return store.ttl(key);
  }

  /** Nothing to release: the store lives as long as the JVM (named) or this object. */
  @Override
  public void close() {}

  /** Key-value pairs with deadlines, guarded by its own monitor; every change notifies waiters. */
  private static final class Store {
    private final Map<String, Entry> entries = new HashMap<>();
    private long version;

    synchronized byte[] get(String key) {
      Entry entry = live(key);
      return entry == null ? null : entry.value.clone();
    }

    synchronized void set(String key, byte[] value, Duration ttl) {
      entries.put(key, new Entry(value, deadline(ttl)));
      changed();
    }

    synchronized void delete(String key) {
      if (entries.remove(key) != null) {
        changed();
      }
    }

    synchronized long incr(String key) {
      Entry entry = live(key);
      long next = (entry == null ? 0 : Long.parseLong(new String(entry.value, US_ASCII))) + 1;
      entries.put(
          key,
          new Entry(Long.toString(next).getBytes(US_ASCII), entry == null ? 0 : entry.deadline));
      changed();
      return next;
    }

    synchronized void expire(String key, Duration ttl) {
      Entry entry = live(key);
      if (entry != null) {
        entries.put(key, new Entry(entry.value, deadline(ttl)));
      }
    }

    synchronized Duration ttl(String key) {
      Entry entry = live(key);
      return entry == null || entry.deadline == 0
          ? null
          : Duration.ofNanos(entry.deadline - System.nanoTime());
    }

    KeyWatch watch() {
      long[] seen = {currentVersion()};
      return max -> {
        synchronized (Store.this) {
          long deadline = System.nanoTime() + max.toNanos();
          long remaining = max.toNanos();
          while (version == seen[0] && remaining > 0) {
            Store.this.wait(Math.max(1, remaining / 1_000_000));
            remaining = deadline - System.nanoTime();
          }
          seen[0] = version;
        }
      };
    }

    private synchronized long currentVersion() {
      return version;
    }

    private void changed() {
      version++;
      notifyAll();
    }

    /** The entry, or null when missing or expired (expired entries are dropped lazily). */
    private Entry live(String key) {
      Entry entry = entries.get(key);
      if (entry != null && entry.deadline != 0 && entry.deadline - System.nanoTime() <= 0) {
        entries.remove(key);
        return null;
      }
      return entry;
    }

    private static long deadline(Duration ttl) {
      if (ttl == null || ttl.isZero() || ttl.isNegative()) {
        return 0;
      }
      long deadline = System.nanoTime() + ttl.toNanos();
      return deadline == 0 ? 1 : deadline;
    }

    private static final java.nio.charset.Charset US_ASCII =
        java.nio.charset.StandardCharsets.US_ASCII;
  }

  /** A value and its deadline in {@link System#nanoTime()} terms; 0 means none. */
  private record Entry(byte[] value, long deadline) {}
}
