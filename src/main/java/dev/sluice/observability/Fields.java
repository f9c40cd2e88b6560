package dev.sluice.observability;

import java.util.Map;

/**
 * Structured fields of one log line. Pass as the single parameter of a log record; the JSON
 * formatter writes them as top-level members, the text formatter as {@code key=value}.
 */
public record Fields(Map<String, Object> values) {
  public Fields {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** Fields from alternating keys and values. */
  public static Fields of(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put(String.valueOf(kv[i]), kv[i + 1]);
    }
    return new Fields(m);
  }
}
