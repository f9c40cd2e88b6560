package dev.sluice.spec;

import dev.sluice.net.Cidr;
import java.util.List;

/**
 * {@code - ip-filter: {allow: [10.0.0.0/8, "::1/128"], deny: [10.1.2.3]}}, parsed; at least one
 * list is not empty.
 *
 * @param allow the addresses that may call; empty: every address that is not denied
 * @param deny the addresses that may not, even when {@code allow} covers them
 */
public record IpFilterArgs(List<Cidr> allow, List<Cidr> deny) implements MiddlewareArgs {
  public static final String NAME = "ip-filter";

  public IpFilterArgs {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  @Override
  public String name() {
    return NAME;
  }
}
