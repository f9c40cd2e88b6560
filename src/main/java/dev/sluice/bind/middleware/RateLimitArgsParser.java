package dev.sluice.bind.middleware;

import dev.sluice.schema.DidYouMean;
import dev.sluice.spec.RateLimitArgs;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code - rate-limit: {policy: per-client}}: the name of a policy in gateway.yaml's {@code
 * rate-limits:}, resolved to that policy.
 */
final class RateLimitArgsParser {
  private RateLimitArgsParser() {}

  static Optional<RateLimitArgs> parse(Args a) {
    if (!a.get("policy").isTextual()) {
      a.error("rate-limit needs a policy from rate-limits: - rate-limit: {policy: per-client}");
      return Optional.empty();
    }
    String name = a.get("policy").asText();
    BindingContext context = a.context();
    if (!context.policiesKnown()) {
      return Optional.empty(); // rate-limits: has an error of its own
    }
    if (!context.policyNames().contains(name)) {
      a.error(unknown(name, context.policyNames()), "policy");
      return Optional.empty();
    }
    return context.policy(name).map(RateLimitArgs::new); // empty: the policy has errors
  }

  private static String unknown(String name, Set<String> known) {
    String base = "unknown rate-limit policy \"" + name + "\"";
    return DidYouMean.suggest(name, known)
        .map(s -> base + " (did you mean \"" + s + "\"?)")
        .orElseGet(
            () ->
                known.isEmpty()
                    ? base + " (gateway.yaml has no rate-limits:)"
                    : base + "; known: " + String.join(", ", new TreeSet<>(known)));
  }
}
