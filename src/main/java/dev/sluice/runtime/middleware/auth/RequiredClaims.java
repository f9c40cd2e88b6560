package dev.sluice.runtime.middleware.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims a verified token must also carry, else 403. A name alone ({@code [sub]}) needs the
 * claim present and not null; a name with a value ({@code {scope: users:write}}) needs that value:
 * equal to the claim, an element of an array claim, or — for {@code scope} and {@code scp} — one of
 * its space-separated words. A list of values ({@code {roles: [admin, ops]}}) needs all of them.
 */
record RequiredClaims(Map<String, List<JsonNode>> claims) {
  private static final Set<String> SPACE_SEPARATED = Set.of("scope", "scp");

  RequiredClaims {
    claims = Map.copyOf(claims);
  }

  static RequiredClaims none() {
    return new RequiredClaims(Map.of());
  }

  /** {@code [name, ...]} or {@code {name: value | [values]}} (schema-checked). */
  static RequiredClaims from(JsonNode node) {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    if (node.isArray()) {
      node.forEach(n -> out.put(n.asText(), List.of()));
    } else if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                List<JsonNode> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                  e.getValue().forEach(values::add);
                } else if (!e.getValue().isNull()) {
                  values.add(e.getValue());
                }
                out.put(e.getKey(), values);
              });
    }
    return new RequiredClaims(out);
  }

  /** What the claims lack, worded for the client; empty when they satisfy every requirement. */
  Optional<String> missing(JsonNode tokenClaims) {
    for (Map.Entry<String, List<JsonNode>> e : claims.entrySet()) {
      JsonNode claim = tokenClaims.path(e.getKey());
      if (claim.isMissingNode() || claim.isNull()) {
        return Optional.of("the token lacks the required claim " + e.getKey());
      }
      for (JsonNode wanted : e.getValue()) {
        if (!holds(e.getKey(), claim, wanted)) {
          return Optional.of(
              "the token's claim " + e.getKey() + " does not include " + text(wanted));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean holds(String name, JsonNode claim, JsonNode wanted) {
    if (sameValue(claim, wanted)) {
      return true;
    }
    if (claim.isArray()) {
      for (JsonNode item : claim) {
        if (sameValue(item, wanted)) {
          return true;
        }
      }
      return false;
    }
    if (claim.isTextual() && wanted.isTextual() && SPACE_SEPARATED.contains(name)) {
      for (String word : claim.asText().split(" ")) {
        if (word.equals(wanted.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String text(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }
}
