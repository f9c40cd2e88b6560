package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.BodySizeArgs;
import dev.sluice.units.Durations;
import java.util.Optional;

/**
 * {@code - body-size: {max: 1MiB}}: a size (or a plain number of bytes) no larger than {@code
 * server.limits.max-payload-size}, which would refuse such bodies first.
 */
final class BodySizeArgsParser {
  private BodySizeArgsParser() {}

  static Optional<BodySizeArgs> parse(Args a) {
    JsonNode max = a.get("max");
    if (!max.isIntegralNumber() && !max.isTextual()) {
      a.error("body-size needs a size: - body-size: {max: 1MiB}");
      return Optional.empty();
    }
    long bytes;
    try {
      bytes = max.isIntegralNumber() ? max.asLong() : Durations.size(max.asText());
    } catch (IllegalArgumentException e) {
      a.error(e.getMessage(), "max");
      return Optional.empty();
    }
    a.context()
        .maxPayloadSize()
        .ifPresent(
            server -> {
              if (server > 0 && bytes > server) {
                a.error(
                    "max "
                        + Durations.sizeText(bytes)
                        + " is above server.limits.max-payload-size ("
                        + Durations.sizeText(server)
                        + "), which refuses such bodies first; lower max or raise the server's"
                        + " limit",
                    "max");
              }
            });
    return a.result(() -> new BodySizeArgs(bytes));
  }
}
