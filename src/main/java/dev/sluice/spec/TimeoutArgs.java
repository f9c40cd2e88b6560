package dev.sluice.spec;

import java.time.Duration;

/**
 * {@code - timeout: {after: 2s}}, parsed.
 *
 * @param after the request's deadline, counted from its arrival; longer than zero
 */
public record TimeoutArgs(Duration after) implements MiddlewareArgs {
  public static final String NAME = "timeout";

  @Override
  public String name() {
    return NAME;
  }
}
