package dev.sluice.spec;

/**
 * {@code - body-size: {max: 1MiB}}, parsed: at most {@code server.limits.max-payload-size}.
 *
 * @param maxBytes the largest request body accepted, in bytes
 */
public record BodySizeArgs(long maxBytes) implements MiddlewareArgs {
  public static final String NAME = "body-size";

  @Override
  public String name() {
    return NAME;
  }
}
