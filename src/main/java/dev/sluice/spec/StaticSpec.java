package dev.sluice.spec;

import java.time.Duration;
import java.util.Map;

/**
 * A fixed response.
 *
 * <pre>
 * static:
 *   status: 200
 *   headers: {Content-Type: text/plain; charset=utf-8}
 *   body: OK
 * </pre>
 */
public record StaticSpec(int status, Map<String, String> headers, String body, Duration delay)
    implements HandlerSpec {
  public StaticSpec {
    headers = Map.copyOf(headers);
  }
}
