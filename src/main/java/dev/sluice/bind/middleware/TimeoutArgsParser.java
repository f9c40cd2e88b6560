package dev.sluice.bind.middleware;

import dev.sluice.spec.TimeoutArgs;
import java.time.Duration;
import java.util.Optional;

/** {@code - timeout: {after: 2s}}: a duration longer than zero. */
final class TimeoutArgsParser {
  private TimeoutArgsParser() {}

  static Optional<TimeoutArgs> parse(Args a) {
    if (!a.get("after").isTextual()) {
      a.error("timeout needs a duration: - timeout: {after: 2s}");
      return Optional.empty();
    }
    Duration after = a.duration(a.get("after"), Duration.ZERO, "after");
    if (after.isZero() && !a.failed()) {
      a.error("after must be longer than 0", "after");
    }
    return a.result(() -> new TimeoutArgs(after));
  }
}
