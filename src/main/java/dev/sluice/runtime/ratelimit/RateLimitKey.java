package dev.sluice.runtime.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.net.IpAddress;
import dev.sluice.runtime.http.Exchange;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a policy counts by: the bucket a request takes its token from.
 *
 * <pre>
 * rate-limits:
 *   per-client: {capacity: 100, key: client-ip}        # one bucket per client (IPv6: per /64)
 *   login:      {capacity: 5, period: 1m, key: route}  # one bucket per route, shared by everyone
 *   per-key:    {capacity: 50, key: "header:X-Api-Key"}
 *   per-user:   {capacity: 50, key: "claim:sub"}
 * </pre>
 *
 * <p>An IPv6 client is keyed by its network ({@code ipv6-prefix}, default 64: {@code
 * 2001:db8:1:2::/64}): whoever holds a /64 can use any of its 2^64 addresses, so keying by address
 * would give such a client a bucket per request and let it push other clients' buckets out of the
 * local store. IPv4 clients (also those that arrived IPv4-mapped) are keyed by their address.
 *
 * <p>A {@code header:} key is whatever the client sends: put the policy after {@code auth} in the
 * chain, and key by a header that {@code auth} checked (or by {@code claim:}), or a client picks a
 * new bucket with each request.
 *
 * <p>A request without the header or claim (or with an empty one) takes its token from one shared
 * bucket per policy, {@link #ANONYMOUS}: anonymous callers are limited together, never exempt.
 * Values longer than {@value #MAX_PLAIN} characters are replaced by their SHA-256, so a key never
 * costs more than a few dozen bytes whatever a client sends.
 */
public sealed interface RateLimitKey {
  /** The key of requests without the header or claim a policy counts by. */
  String ANONYMOUS = "";

  /** Longest key value kept as it is. */
  int MAX_PLAIN = 64;

  /** The request's key. */
  String of(Exchange ex);

  /**
   * The key function for {@code key} as written in a policy; {@code routeId} is the route being
   * built (for {@code key: route}), {@code ipv6Prefix} the policy's {@code ipv6-prefix} (for {@code
   * key: client-ip}).
   */
  static RateLimitKey parse(String key, String routeId, int ipv6Prefix) {
    if (key.equals("client-ip")) {
      return new ClientIp(ipv6Prefix);
    }
    if (key.equals("route")) {
      return new Route(routeId);
    }
    if (key.startsWith("header:")) {
      return new Header(HeaderNames.create(key.substring("header:".length())));
    }
    if (key.startsWith("claim:")) {
      return new Claim(key.substring("claim:".length()));
    }
    throw new IllegalArgumentException(
        "key is client-ip, route, header:<name> or claim:<name>, not \"" + key + "\"");
  }

  /**
   * {@code client-ip}: the client address the gateway settled (trusted proxies applied); for IPv6,
   * its network of {@code ipv6Prefix} bits, written {@code 2001:db8:1:2::/64}.
   */
  record ClientIp(int ipv6Prefix) implements RateLimitKey {
    @Override
    public String of(Exchange ex) {
      return key(ex.clientAddress());
    }

    /** The key of a client address in canonical form (IPv4 dotted, IPv6 RFC 5952). */
    String key(String address) {
      if (ipv6Prefix >= 128 || address.indexOf(':') < 0) {
        return bounded(address);
      }
      return IpAddress.parse(address)
          .map(ip -> ip.prefix(ipv6Prefix) + "/" + ipv6Prefix)
          .orElseGet(() -> bounded(address));
    }
  }

  /** {@code route}: one bucket per route. */
  record Route(String id) implements RateLimitKey {
    @Override
    public String of(Exchange ex) {
      return id;
    }
  }

  /** {@code header:<name>}: the header's first value. */
  record Header(HeaderName name) implements RateLimitKey {
    @Override
    public String of(Exchange ex) {
      return bounded(ex.request().headers().first(name).orElse(ANONYMOUS).strip());
    }
  }

  /** {@code claim:<name>}: a verified claim of the caller ({@code auth}). */
  record Claim(String name) implements RateLimitKey {
    @Override
    public String of(Exchange ex) {
      JsonNode v = ex.claims().path(name);
      if (v.isMissingNode() || v.isNull()) {
        return ANONYMOUS;
      }
      return bounded(v.isValueNode() ? v.asText() : v.toString());
    }
  }

  /** {@code value}, or {@code sha256:<base64url>} of it when it is long. */
  static String bounded(String value) {
    if (value.length() <= MAX_PLAIN) {
      return value;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
