package dev.sluice.runtime.proxy;

import dev.sluice.net.IpAddress;
import dev.sluice.runtime.http.ClientAddresses;
import dev.sluice.runtime.http.Exchange;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The headers of the upstream request: the client's, less the hop-by-hop ones, the route's {@code
 * headers.remove} and what the proxy writes itself; then the route's {@code headers.set}; then
 * {@code X-Forwarded-For/-Proto/-Host} and RFC 7239 {@code Forwarded}, appended to the incoming
 * ones only when the peer is a trusted proxy ({@code server.trusted-proxies}) and replacing them
 * otherwise (a client cannot forge its own chain); {@code X-Request-Id}; and {@code Host} only with
 * {@code preserve-host} (else the JDK client writes the target's).
 */
final class ForwardedHeaders {
  /** Written here, never copied from the client. */
  private static final Set<String> OWN =
      Set.of(
          "host",
          "content-length",
          "expect",
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host",
          "forwarded",
          "x-request-id");

  private final ClientAddresses trusted;
  private final Map<String, String> set;

  /** The names of {@link #set} in lower case. */
  private final Set<String> setNames;

  private final Set<String> remove;
  private final boolean preserveHost;

  ForwardedHeaders(
      ClientAddresses trusted, Map<String, String> set, Set<String> remove, boolean preserveHost) {
    this.trusted = trusted;
    this.set = set;
    this.setNames =
        set.keySet().stream()
            .map(k -> k.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.remove = remove;
    this.preserveHost = preserveHost;
  }

  /** Copies the headers for {@code ex} onto {@code b}; {@code skip} names headers set elsewhere. */
  void apply(Exchange ex, HttpRequest.Builder b, Set<String> skip) {
    ServerRequest req = ex.request();
    Set<String> hop = HopByHop.of(req.headers());
    for (Header h : req.headers()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (HopByHop.is(name, hop)
          || OWN.contains(name)
          || remove.contains(name)
          || skip.contains(name)
          || setNames.contains(name)) {
        continue;
      }
      for (String v : h.allValues()) {
        addSafely(b, h.name(), v);
      }
    }
    set.forEach((k, v) -> addSafely(b, k, v));
    String host = req.headers().first(HeaderNames.HOST).orElse("");
    if (preserveHost && !host.isEmpty()) {
      b.setHeader("Host", host);
    }
    IpAddress peerIp = peer(req);
    String peer = peerIp == null ? "unknown" : peerIp.toString();
    boolean fromProxy = peerIp != null && trusted.trusts(peerIp);
    String proto = req.isSecure() ? "https" : "http";
    String xff = fromProxy ? joined(req, HeaderNames.X_FORWARDED_FOR) : "";
    b.setHeader("X-Forwarded-For", xff.isEmpty() ? peer : xff + ", " + peer);
    b.setHeader(
        "X-Forwarded-Proto",
        fromProxy ? req.headers().first(HeaderNames.X_FORWARDED_PROTO).orElse(proto) : proto);
    String fwdHost =
        fromProxy ? req.headers().first(HeaderNames.X_FORWARDED_HOST).orElse(host) : host;
    if (!fwdHost.isEmpty()) {
      b.setHeader("X-Forwarded-Host", fwdHost);
    }
    String forwarded = fromProxy ? joined(req, HeaderNames.FORWARDED) : "";
    String hop7239 =
        "for="
            + (peer.contains(":") ? "\"[" + peer + "]\"" : peer)
            + ";proto="
            + proto
            + (host.isEmpty() ? "" : ";host=\"" + host.replace("\"", "") + "\"");
    b.setHeader("Forwarded", forwarded.isEmpty() ? hop7239 : forwarded + ", " + hop7239);
    b.setHeader("X-Request-Id", ex.requestId());
  }

  private static String joined(ServerRequest req, io.helidon.http.HeaderName name) {
    return req.headers().contains(name)
        ? String.join(", ", req.headers().get(name).allValues())
        : "";
  }

  private static IpAddress peer(ServerRequest req) {
    if (req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return IpAddress.of(inet.getAddress());
    }
    return null;
  }

  /** A header the JDK client refuses (a name it reserves, a value it finds invalid) is dropped. */
  private static void addSafely(HttpRequest.Builder b, String name, String value) {
    try {
      b.header(name, value);
    } catch (IllegalArgumentException refused) {
      // reserved by the JDK client (Connection, Expect, Upgrade, ...): a hop-by-hop header anyway
    }
  }
}
