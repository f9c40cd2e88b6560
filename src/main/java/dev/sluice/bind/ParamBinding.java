package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Origin;
import dev.sluice.spec.ParamLocation;
import dev.sluice.spec.ParamSpec;
import dev.sluice.spec.ParamType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Binds one schema-valid {@code params:} entry to a {@link ParamSpec}. */
final class ParamBinding {
  private ParamBinding() {}

  static Optional<ParamSpec> bind(
      YamlDocument doc, String pointer, String name, JsonNode p, List<ConfigError> errors) {
    ParamLocation in = ParamLocation.of(p.path("in").asText());
    Origin origin = doc.origin(pointer);
    if (in == ParamLocation.PATH && p.has("name")) {
      errors.add(
          doc.origin(pointer + "/name")
              .error("a path parameter takes its name from the path; remove \"name\""));
    }
    if (in == ParamLocation.BODY && p.has("name")) {
      errors.add(
          doc.origin(pointer + "/name")
              .error("a body parameter is found by \"pointer\", not \"name\""));
    }
    Optional<Pattern> pattern = Optional.empty();
    if (p.has("pattern")) {
      try {
        pattern = Optional.of(Pattern.compile(p.get("pattern").asText()));
      } catch (PatternSyntaxException e) {
        errors.add(
            doc.origin(pointer + "/pattern")
                .error("not a valid regular expression: " + e.getDescription()));
      }
    }
    String source =
        in == ParamLocation.BODY
            ? p.path("pointer").asText("/" + name)
            : p.path("name").asText(name);
    List<JsonNode> enumValues = new ArrayList<>();
    p.path("enum").forEach(enumValues::add);
    return Optional.of(
        new ParamSpec(
            name,
            in,
            source,
            ParamType.of(p.path("type").asText("string")),
            p.path("array").asBoolean(false),
            in == ParamLocation.PATH || p.path("required").asBoolean(false),
            p.has("default") ? Optional.of(p.get("default")) : Optional.empty(),
            decimal(p, "minimum"),
            decimal(p, "maximum"),
            pattern,
            enumValues,
            integer(p, "min-length"),
            integer(p, "max-length"),
            origin));
  }

  private static Optional<BigDecimal> decimal(JsonNode p, String key) {
    return p.has(key) ? Optional.of(p.get(key).decimalValue()) : Optional.empty();
  }

  private static OptionalInt integer(JsonNode p, String key) {
    return p.has(key) ? OptionalInt.of(p.get(key).asInt()) : OptionalInt.empty();
  }
}
