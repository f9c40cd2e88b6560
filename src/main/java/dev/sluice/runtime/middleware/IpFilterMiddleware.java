package dev.sluice.runtime.middleware;

import dev.sluice.net.Cidr;
import dev.sluice.net.IpAddress;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.IpFilterArgs;
import io.helidon.http.Status;
import java.util.Optional;

/**
 * {@code ip-filter}: admits or refuses a request by its client address (the socket peer, or the
 * address a trusted proxy forwarded; see {@code server.trusted-proxies}). A denied address is
 * refused even when an allow entry also covers it; with an allow list, every address it does not
 * cover is refused. A refusal is a 403 problem.
 *
 * <pre>
 * - ip-filter: {allow: [10.0.0.0/8, "::1/128"], deny: [10.1.2.3]}
 * </pre>
 */
final class IpFilterMiddleware implements Middleware {
  private final Cidr[] allow; // empty: every address not denied is admitted
  private final Cidr[] deny;

  private IpFilterMiddleware(Cidr[] allow, Cidr[] deny) {
    this.allow = allow;
    this.deny = deny;
  }

  static IpFilterMiddleware create(IpFilterArgs args) {
    return new IpFilterMiddleware(
        args.allow().toArray(new Cidr[0]), args.deny().toArray(new Cidr[0]));
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      if (!admits(IpAddress.parse(ex.clientAddress()))) {
        throw new ProblemException(
            Status.FORBIDDEN_403, "requests from this client address are not allowed here");
      }
      next.handle(ex);
    };
  }

  /**
   * Deny wins; then an allow list must cover the address. A client that is no IP address (not an IP
   * socket) is admitted only when there is no allow list.
   */
  boolean admits(Optional<IpAddress> client) {
    if (client.isEmpty()) {
      return allow.length == 0;
    }
    IpAddress ip = client.get();
    for (Cidr c : deny) {
      if (c.contains(ip)) {
        return false;
      }
    }
    if (allow.length == 0) {
      return true;
    }
    for (Cidr c : allow) {
      if (c.contains(ip)) {
        return true;
      }
    }
    return false;
  }
}
