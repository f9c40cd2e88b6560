package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.schema.JsonPointers;
import dev.sluice.spec.AccessLogArgs;
import dev.sluice.spec.AuthArgs;
import dev.sluice.spec.BodySizeArgs;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ContentTypeArgs;
import dev.sluice.spec.CorsArgs;
import dev.sluice.spec.IpFilterArgs;
import dev.sluice.spec.JsonSchemaArgs;
import dev.sluice.spec.MiddlewareArgs;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.RateLimitArgs;
import dev.sluice.spec.RequestIdArgs;
import dev.sluice.spec.SecurityHeadersArgs;
import dev.sluice.spec.TimeoutArgs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The middleware Sluice knows: each name with the parser of its arguments. Used when a file is
 * bound, never per request. The names here and in {@code schemas/gateway.schema.json} are the same
 * list (a test keeps them so); the schema has already refused an unknown name with "did you mean".
 */
public final class MiddlewareRegistry {
  /** Parses one middleware's arguments, reporting what is wrong at the exact value. */
  @FunctionalInterface
  interface ArgsParser {
    /** The arguments, or empty when an error was reported (or a fact they need is unknown). */
    Optional<? extends MiddlewareArgs> parse(Args args);
  }

  private static final Map<String, ArgsParser> PARSERS =
      Map.ofEntries(
          Map.entry(RequestIdArgs.NAME, a -> Optional.of(new RequestIdArgs())),
          Map.entry(AccessLogArgs.NAME, a -> Optional.of(new AccessLogArgs())),
          Map.entry(IpFilterArgs.NAME, IpFilterArgsParser::parse),
          Map.entry(CorsArgs.NAME, CorsArgsParser::parse),
          Map.entry(SecurityHeadersArgs.NAME, SecurityHeadersArgsParser::parse),
          Map.entry(AuthArgs.NAME, AuthArgsParser::parse),
          Map.entry(BodySizeArgs.NAME, BodySizeArgsParser::parse),
          Map.entry(ContentTypeArgs.NAME, ContentTypeArgsParser::parse),
          Map.entry(JsonSchemaArgs.NAME, JsonSchemaArgsParser::parse),
          Map.entry(RateLimitArgs.NAME, RateLimitArgsParser::parse),
          Map.entry(TimeoutArgs.NAME, TimeoutArgsParser::parse));

  private MiddlewareRegistry() {}

  /** Every middleware name, sorted. */
  public static Set<String> names() {
    return new TreeSet<>(PARSERS.keySet());
  }

  /**
   * Binds the middleware written at {@code item}: {@code - name} or {@code - name: {args}}, its
   * arguments schema-checked. Empty when they are wrong (every error is added to {@code errors}),
   * and also, without an error, when the item is not a middleware the schema accepts (the schema
   * reported it) or a fact its arguments name has errors of its own in gateway.yaml.
   */
  public static Optional<MiddlewareSpec> bind(
      YamlDocument doc, String item, BindingContext context, List<ConfigError> errors) {
    JsonNode written = doc.root().at(item);
    String name;
    String at;
    JsonNode args;
    if (written.isTextual()) {
      name = written.asText();
      at = item;
      args = JsonNodeFactory.instance.objectNode();
    } else if (written.isObject() && written.size() == 1) {
      Map.Entry<String, JsonNode> only = written.properties().iterator().next();
      name = only.getKey();
      at = JsonPointers.child(item, name);
      args = only.getValue().isNull() ? JsonNodeFactory.instance.objectNode() : only.getValue();
    } else {
      return Optional.empty();
    }
    ArgsParser parser = PARSERS.get(name);
    if (parser == null || !args.isObject()) {
      return Optional.empty();
    }
    return parser
        .parse(new Args(doc, name, at, args, context, errors))
        .map(parsed -> new MiddlewareSpec(parsed, doc.origin(at)));
  }
}
