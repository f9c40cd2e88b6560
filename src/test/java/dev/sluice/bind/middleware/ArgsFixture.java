package dev.sluice.bind.middleware;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.MiddlewareArgs;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.Origin;
import dev.sluice.spec.RateLimitSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Binds one middleware entry as binding does once the schema has passed it, without the schema (so
 * a parser's own checks can be reached with any input). The entry is written at line 3, column 7 of
 * a small file:
 *
 * <pre>
 * stacks:
 *   s:
 *     - ENTRY
 * </pre>
 *
 * The facts it may refer to: rate-limit policies {@code per-client} and {@code login}, and a server
 * payload limit of 1MiB.
 */
final class ArgsFixture {
  static final long MAX_PAYLOAD = 1 << 20;

  private ArgsFixture() {}

  /**
   * What binding made of the entry: its arguments, or its errors as {@code line:col: pointer:
   * message}.
   */
  record Bound(Optional<MiddlewareArgs> args, List<String> errors) {
    <T extends MiddlewareArgs> T as(Class<T> type) {
      if (!errors.isEmpty()) {
        throw new AssertionError("unexpected errors: " + errors);
      }
      return type.cast(args.orElseThrow());
    }
  }

  static Bound bind(String entry) {
    return bind(entry, context(), Path.of("t.yaml"), Map.of());
  }

  /** The entry written in {@code file} (relative paths in it resolve against its directory). */
  static Bound bind(String entry, Path file) {
    return bind(entry, context(), file, Map.of());
  }

  static Bound bind(String entry, BindingContext context, Path file, Map<String, String> env) {
    List<ConfigError> errors = new ArrayList<>();
    YamlDocument doc =
        YamlDocument.parse(
                "stacks:\n  s:\n    - " + entry + "\n",
                file.toString(),
                Environment.of(env),
                errors)
            .orElseThrow(() -> new AssertionError("not YAML: " + errors));
    if (!errors.isEmpty()) {
      throw new AssertionError("not YAML: " + errors);
    }
    Optional<MiddlewareSpec> spec = MiddlewareRegistry.bind(doc, "/stacks/s/0", context, errors);
    List<String> lines =
        errors.stream()
            .map(e -> e.line() + ":" + e.column() + ": " + e.pointer() + ": " + e.message())
            .toList();
    if (spec.isPresent() && !errors.isEmpty()) {
      throw new AssertionError("bound " + spec + " with errors " + lines);
    }
    return new Bound(spec.map(MiddlewareSpec::args), lines);
  }

  /** Policies {@code per-client} and {@code login}; a 1MiB payload limit. */
  static BindingContext context() {
    return new BindingContext(
        Map.of("per-client", policy("per-client"), "login", policy("login")),
        Set.of("per-client", "login"),
        true,
        OptionalLong.of(MAX_PAYLOAD));
  }

  static RateLimitSpec policy(String name) {
    return new RateLimitSpec(
        name,
        10,
        10,
        Duration.ofSeconds(1),
        "client-ip",
        64,
        RateLimitSpec.Store.LOCAL,
        false,
        RateLimitSpec.DEFAULT_MAX_KEYS,
        new Origin("gateway.yaml", 1, 1, "/rate-limits/" + name));
  }
}
