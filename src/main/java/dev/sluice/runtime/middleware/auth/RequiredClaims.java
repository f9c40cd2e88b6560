package dev.sluice.runtime.middleware.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.JwtArgs.ClaimValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims a verified token must also carry, else 403. A name alone ({@code [sub]}) needs the
 * claim present and not null; a name with a value ({@code {scope: users:write}}) needs that value:
 * equal to the claim, an element of an array claim, or — for {@code scope} and {@code scp} — one of
 * its space-separated words. A list of values ({@code {roles: [admin, ops]}}) needs all of them.
 *
 * @param claims each required claim's values, in the order written (see {@code JwtArgs})
 */
record RequiredClaims(Map<String, List<ClaimValue>> claims) {
  private static final Set<String> SPACE_SEPARATED = Set.of("scope", "scp");

  /** What the claims lack, worded for the client; empty when they satisfy every requirement. */
  Optional<String> missing(JsonNode tokenClaims) {
    for (Map.Entry<String, List<ClaimValue>> e : claims.entrySet()) {
      JsonNode claim = tokenClaims.path(e.getKey());
      if (claim.isMissingNode() || claim.isNull()) {
        return Optional.of("the token lacks the required claim " + e.getKey());
      }
      for (ClaimValue wanted : e.getValue()) {
        if (!holds(e.getKey(), claim, wanted)) {
          return Optional.of(
              "the token's claim " + e.getKey() + " does not include " + wanted.text());
        }
      }
    }
    return Optional.empty();
  }

  private static boolean holds(String name, JsonNode claim, ClaimValue wanted) {
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
    if (claim.isTextual()
        && wanted instanceof ClaimValue.Text t
        && SPACE_SEPARATED.contains(name)) {
      for (String word : claim.asText().split(" ", -1)) {
        if (word.equals(t.value())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameValue(JsonNode claim, ClaimValue wanted) {
    return switch (wanted) {
      case ClaimValue.Text t -> claim.isTextual() && claim.asText().equals(t.value());
      case ClaimValue.Numeric n ->
          claim.isNumber() && claim.decimalValue().compareTo(n.value()) == 0;
      case ClaimValue.Bool b -> claim.isBoolean() && claim.booleanValue() == b.value();
    };
  }
}
