package dev.sluice.spec;

import java.time.Duration;

/**
 * {@code redis:} in gateway.yaml, for rate-limit policies with {@code store: redis}.
 *
 * <pre>
 * redis:
 *   url: ${SLUICE_REDIS_URL:-redis://127.0.0.1:6379}
 *   timeout: 250ms     # a command slower than this counts as a store failure
 * </pre>
 */
public record RedisSpec(String url, Duration timeout, Origin origin) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

  /** Never prints credentials that may be in the URL. */
  @Override
  public String toString() {
    return "RedisSpec[" + url.replaceAll("//[^@/]*@", "//***@") + "]";
  }
}
