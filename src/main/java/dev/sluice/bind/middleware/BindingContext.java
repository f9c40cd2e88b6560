package dev.sluice.bind.middleware;

import dev.sluice.spec.RateLimitSpec;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What middleware arguments may refer to besides themselves, gathered from gateway.yaml once per
 * load: the rate-limit policies, the server's payload limit, and the request-body schemas compiled
 * so far (a file named by several middleware is read and compiled once).
 *
 * <p>gateway.yaml may have errors of its own while its stacks and the route files are bound: a fact
 * whose section has an error is unknown here, and the checks that need it are skipped (the
 * section's own error is reported instead).
 */
public final class BindingContext {
  private final Map<String, RateLimitSpec> policies;
  private final Set<String> policyNames;
  private final boolean policiesKnown;
  private final OptionalLong maxPayloadSize;
  private final BodySchemas schemas = new BodySchemas();

  /**
   * @param policies the rate-limit policies that could be bound, by name
   * @param policyNames every policy name gateway.yaml writes, bound or not
   * @param policiesKnown false when {@code rate-limits:} itself has an error: no name is judged
   * @param maxPayloadSize {@code server.limits.max-payload-size}; empty when it has an error
   */
  public BindingContext(
      Map<String, RateLimitSpec> policies,
      Set<String> policyNames,
      boolean policiesKnown,
      OptionalLong maxPayloadSize) {
    this.policies = Map.copyOf(policies);
    this.policyNames = Set.copyOf(policyNames);
    this.policiesKnown = policiesKnown;
    this.maxPayloadSize = maxPayloadSize;
  }

  /** The policy named {@code name}; empty when there is none or its section has errors. */
  Optional<RateLimitSpec> policy(String name) {
    return Optional.ofNullable(policies.get(name));
  }

  Set<String> policyNames() {
    return policyNames;
  }

  boolean policiesKnown() {
    return policiesKnown;
  }

  OptionalLong maxPayloadSize() {
    return maxPayloadSize;
  }

  BodySchemas schemas() {
    return schemas;
  }
}
