package dev.sluice.runtime;

import dev.sluice.log.Log;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resources the runtimes of one process share — datasources with their pools, rate limiters
 * with their buckets, Redis clients, JWKS keys, the deadline timer — each keyed by the settings it
 * was made from and counted by the runtimes using it. A reload builds the next runtime from the
 * same cache, so whatever did not change is reused (a pool keeps its connections, a limiter its
 * buckets, a JWKS source its keys); a resource closes when the last runtime using it closes, which
 * for a replaced runtime is after its last request.
 */
public final class ResourceCache {
  private static final Logger LOG = Logger.getLogger("sluice.runtime");

  private final Map<Object, Entry> entries = new HashMap<>();

  private static final class Entry {
    final AutoCloseable value;
    int users;

    Entry(AutoCloseable value) {
      this.value = value;
    }
  }

  /** An empty cache. */
  public static ResourceCache create() {
    return new ResourceCache();
  }

  /**
   * The resource made from {@code key}'s settings, created now if no runtime holds one; counted for
   * the caller until {@link #release}.
   */
  synchronized <T extends AutoCloseable> T acquire(Object key, Supplier<T> create) {
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry(create.get());
      entries.put(key, e);
    }
    e.users++;
    @SuppressWarnings("unchecked") // each key is made by one kind of resource only
    T value = (T) e.value;
    return value;
  }

  /** One user of {@code key} is done with it; the last closes it. */
  synchronized void release(Object key) {
    Entry e = entries.get(key);
    if (e == null || --e.users > 0) {
      return;
    }
    entries.remove(key);
    try {
      e.value.close();
    } catch (Exception ex) {
      Log.log(LOG, Level.WARNING, "closing a shared resource failed", ex, "resource", key);
    }
  }

  /** How many resources are open (for tests). */
  synchronized int size() {
    return entries.size();
  }

  /** Whether a resource for {@code key} is open (for tests). */
  synchronized boolean holds(Object key) {
    return entries.containsKey(key);
  }
}
