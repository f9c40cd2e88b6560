package dev.sluice.spec;

/** {@code - auth: {api-key: {...}}} or {@code - auth: {jwt: {...}}}: exactly one mode per entry. */
public sealed interface AuthArgs extends MiddlewareArgs permits ApiKeyArgs, JwtArgs {
  String NAME = "auth";

  @Override
  default String name() {
    return NAME;
  }
}
