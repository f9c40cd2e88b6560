package dev.sluice.runtime.middleware.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JWKS sources of one runtime: every route that names the same key set (URL or file) and
 * refresh interval shares one source — one cache, one refresher — and all are closed with the
 * runtime.
 */
public final class JwksSources implements AutoCloseable {
  private final Map<Key, JwksSource> sources = new HashMap<>();
  private final List<JwksSource> opened = new ArrayList<>();

  /** The key under which routes share one {@link JwksSource}. */
  private record Key(JwksLocation location, Duration refresh) {}

  synchronized JwksSource open(JwksLocation location, Duration refresh) {
    Key key = new Key(location, refresh);
    JwksSource s = sources.get(key);
    if (s == null) {
      s = JwksSource.open(location, refresh);
      sources.put(key, s);
      opened.add(s);
    }
    return s;
  }

  /** Closes every source opened, newest first. */
  @Override
  public synchronized void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    sources.clear();
  }
}
