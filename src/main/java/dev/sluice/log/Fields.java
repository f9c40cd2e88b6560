package dev.sluice.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured fields of one log line, kept as the alternating keys and values they were given in (no
 * map is built on the logging path). Pass as the single parameter of a log record; the JSON
 * formatter writes them as top-level members, the text formatter as {@code key=value}.
 */
public final class Fields {
  private final Object[] kv;

  private Fields(Object[] kv) {
    this.kv = kv;
  }

  /**
   * Fields from alternating keys and values; a trailing key without a value is ignored. The array
   * is kept, not copied: it is the varargs array of a log call.
   */
  public static Fields of(Object... kv) {
    return new Fields(kv);
  }

  /** The number of key/value pairs. */
  public int size() {
    return kv.length / 2;
  }

  /** The key of pair {@code i}. */
  public String key(int i) {
    return String.valueOf(kv[2 * i]);
  }

  /** The value of pair {@code i} (may be null). */
  public Object value(int i) {
    return kv[2 * i + 1];
  }

  /** The pairs as a map, in order; a later duplicate key wins. */
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < size(); i++) {
      m.put(key(i), value(i));
    }
    return m;
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
