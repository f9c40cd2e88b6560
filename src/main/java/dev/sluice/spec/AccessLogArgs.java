package dev.sluice.spec;

/** {@code - access-log}: no arguments. */
public record AccessLogArgs() implements MiddlewareArgs {
  public static final String NAME = "access-log";

  @Override
  public String name() {
    return NAME;
  }
}
