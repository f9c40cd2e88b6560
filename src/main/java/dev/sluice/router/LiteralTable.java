package dev.sluice.router;

import java.util.Map;

/**
 * An immutable open-addressing hash table from literal segment text to a value, looked up by a
 * region of a larger string so that matching a request path allocates no substrings.
 */
final class LiteralTable<V> {
  private static final LiteralTable<?> EMPTY = new LiteralTable<>(new String[2], new Object[2]);

  private final String[] keys;
  private final Object[] values;
  private final int mask;
  private final int shift;

  /** {@code keys.length} is a power of two, at least 2. */
  private LiteralTable(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
    this.mask = keys.length - 1;
    this.shift = Integer.numberOfLeadingZeros(keys.length) + 1;
  }

  static <V> LiteralTable<V> of(Map<String, V> entries) {
    if (entries.isEmpty()) {
      @SuppressWarnings("unchecked")
      LiteralTable<V> empty = (LiteralTable<V>) EMPTY;
      return empty;
    }
    int capacity = Integer.highestOneBit(Math.max(2, entries.size()) * 2 - 1) << 1;
    String[] keys = new String[capacity];
    Object[] values = new Object[capacity];
    int mask = capacity - 1;
    int shift = Integer.numberOfLeadingZeros(capacity) + 1;
    for (Map.Entry<String, V> e : entries.entrySet()) {
      String key = e.getKey();
      int i = slot(key.hashCode(), shift);
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = e.getValue();
    }
    return new LiteralTable<>(keys, values);
  }

  /**
   * The home slot of a hash code: Fibonacci hashing, taking the top bits of the hash times 2^32/φ.
   * Keys like {@code resource0..resource9999} have near-sequential {@link String#hashCode()}s,
   * which would form long runs under linear probing with a plain mask.
   */
  private static int slot(int hash, int shift) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  /** The value for {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(String key) {
    int i = slot(key.hashCode(), shift);
    String k;
    while ((k = keys[i]) != null) {
      if (k.equals(key)) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The value for the text {@code s[start, end)}, or null. */
  @SuppressWarnings("unchecked")
  V get(String s, int start, int end) {
    int h = hash(s, start, end);
    int length = end - start;
    int i = slot(h, shift);
    String k;
    while ((k = keys[i]) != null) {
      if (k.length() == length && s.regionMatches(start, k, 0, length)) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** {@code s.substring(start, end).hashCode()} without the substring. */
  static int hash(String s, int start, int end) {
    int h = 0;
    for (int j = start; j < end; j++) {
      h = 31 * h + s.charAt(j);
    }
    return h;
  }
}
