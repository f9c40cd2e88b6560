package dev.sluice.spec;

/**
 * {@code - rate-limit: {policy: per-client}}, with the policy of gateway.yaml's {@code
 * rate-limits:} it names, resolved when the file was bound.
 */
public record RateLimitArgs(RateLimitSpec policy) implements MiddlewareArgs {
  public static final String NAME = "rate-limit";

  @Override
  public String name() {
    return NAME;
  }
}
