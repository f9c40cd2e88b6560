package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.net.Cidr;
import dev.sluice.spec.IpFilterArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code - ip-filter: {allow: [10.0.0.0/8, "::1/128"], deny: [10.1.2.3]}}: every entry a CIDR or an
 * address, at least one list given.
 */
final class IpFilterArgsParser {
  private IpFilterArgsParser() {}

  static Optional<IpFilterArgs> parse(Args a) {
    List<Cidr> allow = cidrs(a, "allow");
    List<Cidr> deny = cidrs(a, "deny");
    if (a.get("allow").isEmpty() && a.get("deny").isEmpty()) {
      a.error("give allow, deny or both, e.g. {allow: [10.0.0.0/8], deny: [10.1.2.3]}");
    }
    return a.result(() -> new IpFilterArgs(allow, deny));
  }

  private static List<Cidr> cidrs(Args a, String key) {
    JsonNode list = a.get(key);
    List<Cidr> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      try {
        out.add(Cidr.parse(list.get(i).asText()));
      } catch (IllegalArgumentException e) {
        a.error(key + "[" + i + "]: " + e.getMessage(), key, i);
      }
    }
    return out;
  }
}
