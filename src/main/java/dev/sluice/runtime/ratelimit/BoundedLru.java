package dev.sluice.runtime.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that never holds more than {@code capacity} entries: adding one to a full map drops the
 * least recently used. It is split into up to 16 segments, each with its own lock and an equal
 * share of the capacity, so concurrent requests rarely wait for each other; the eviction order is
 * therefore least-recently-used within a segment, and the bound is exact.
 */
final class BoundedLru<K, V> {
  private static final int MAX_SEGMENTS = 16;

  private final Segment<K, V>[] segments;
  private final int capacity;

  @SuppressWarnings("unchecked")
  BoundedLru(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    int n = Math.min(MAX_SEGMENTS, capacity);
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    Segment<K, V>[] made = new Segment[n];
    segments = made;
    for (int i = 0; i < n; i++) {
      segments[i] = new Segment<>(capacity / n + (i < capacity % n ? 1 : 0));
    }
  }

  /** The value of {@code key}, created (and possibly evicting another) when absent. */
  V computeIfAbsent(K key, Function<? super K, ? extends V> create) {
    Segment<K, V> s = segmentOf(key);
    synchronized (s) {
      V v = s.get(key); // moves the entry to the most recently used end
      if (v == null) {
        v = create.apply(key);
        s.put(key, v);
      }
      return v;
    }
  }

  /** Entries now held; never more than {@link #capacity()}. */
  int size() {
    int n = 0;
    for (Segment<K, V> s : segments) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  int capacity() {
    return capacity;
  }

  private Segment<K, V> segmentOf(K key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x9E3779B1;
    return segments[Math.floorMod(h, segments.length)];
  }

  private static final class Segment<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;

    private final int max;

    Segment(int max) {
      super(Math.min(max, 1024), 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > max;
    }
  }
}
