package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.middleware.BindingContext;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.RateLimitSpec;
import dev.sluice.spec.ServerSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What middleware arguments may refer to in gateway.yaml (rate-limit policies, the server's payload
 * limit), read before the stacks and route files are bound — also when gateway.yaml has errors, in
 * which case only the sections without an error of their own are read.
 */
final class GatewayFacts {
  private static final String MAX_PAYLOAD = "/server/limits/max-payload-size";

  private GatewayFacts() {}

  /**
   * @param hasError whether gateway.yaml has an error (loading or schema) at exactly a pointer
   */
  static BindingContext read(YamlDocument gw, Predicate<String> hasError) {
    JsonNode root = gw.root();
    JsonNode section = root.path("rate-limits");
    boolean policiesKnown =
        (section.isMissingNode() || section.isObject()) && !hasError.test("/rate-limits");
    Map<String, RateLimitSpec> policies = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> e : section.properties()) {
      String pointer = "/rate-limits/" + MiddlewareBinder.escape(e.getKey());
      names.add(e.getKey());
      if (!MiddlewareBinder.errorWithin(e.getValue(), pointer, hasError)) {
        policies.put(e.getKey(), GatewayBinder.rateLimit(gw, pointer, e.getKey(), e.getValue()));
      }
    }
    return new BindingContext(policies, names, policiesKnown, maxPayloadSize(gw, hasError));
  }

  private static OptionalLong maxPayloadSize(YamlDocument gw, Predicate<String> hasError) {
    JsonNode value = gw.root().at(MAX_PAYLOAD);
    boolean readable =
        !hasError.test("/server")
            && !hasError.test("/server/limits")
            && !MiddlewareBinder.errorWithin(value, MAX_PAYLOAD, hasError);
    return readable
        ? OptionalLong.of(GatewayBinder.size(value, ServerSpec.Limits.defaults().maxPayloadSize()))
        : OptionalLong.empty();
  }
}
