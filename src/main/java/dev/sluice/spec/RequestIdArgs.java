package dev.sluice.spec;

/** {@code - request-id}: no arguments. */
public record RequestIdArgs() implements MiddlewareArgs {
  public static final String NAME = "request-id";

  @Override
  public String name() {
    return NAME;
  }
}
