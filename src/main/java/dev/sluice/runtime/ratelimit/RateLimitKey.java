package dev.sluice.runtime.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
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
 *   per-client: {capacity: 100, key: client-ip}        # one bucket per client address
 *   login:      {capacity: 5, period: 1m, key: route}  # one bucket per route, shared by everyone
 *   per-key:    {capacity: 50, key: "header:X-Api-Key"}
 *   per-user:   {capacity: 50, key: "claim:sub"}
 * </pre>
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
   * built (for {@code key: route}).
   */
  static RateLimitKey parse(String key, String routeId) {
    if (key.equals("client-ip")) {
      return new ClientIp();
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

  /** {@code client-ip}: the client address the gateway settled (trusted proxies applied). */
  record ClientIp() implements RateLimitKey {
    @Override
    public String of(Exchange ex) {
      return bounded(ex.clientAddress());
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
