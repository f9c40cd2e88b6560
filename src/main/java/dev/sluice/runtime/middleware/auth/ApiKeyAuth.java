package dev.sluice.runtime.middleware.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.ApiKeyArgs;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * {@code auth: {api-key: ...}}: the caller presents a key in a header (or, if configured, a query
 * parameter); its SHA-256 is compared in constant time with every configured hash. A match makes
 * the caller {@code {"sub": "<name>", "auth": "api-key"}}; anything else is a 401 with {@code
 * WWW-Authenticate: ApiKey header="X-Api-Key"}.
 */
final class ApiKeyAuth implements Middleware {
  private final HeaderName header;
  private final Optional<String> query;
  private final List<ApiKeyArgs.Key> keys;
  private final String challenge;

  /** From arguments checked when they were bound: at least one key, no name or hash twice. */
  ApiKeyAuth(ApiKeyArgs args) {
    this.header = HeaderNames.create(args.header());
    this.query = args.query();
    this.keys = args.keys();
    this.challenge =
        "ApiKey header=\""
            + args.header()
            + "\""
            + query.map(q -> ", query=\"" + q + "\"").orElse("");
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      ApiKeyArgs.Key caller = authenticate(ex);
      ObjectNode claims = JsonNodeFactory.instance.objectNode();
      claims.put("sub", caller.name());
      claims.put("auth", "api-key");
      ex.authenticated(claims);
      next.handle(ex);
    };
  }

  private ApiKeyArgs.Key authenticate(Exchange ex) {
    Optional<String> presented = presented(ex);
    if (presented.isEmpty()) {
      throw unauthorized(
          "an API key is required in the "
              + header.defaultCase()
              + " header"
              + query.map(q -> " or the " + q + " query parameter").orElse(""));
    }
    byte[] hash = sha256(presented.get());
    int found = -1;
    for (int i = 0; i < keys.size(); i++) {
      // every configured hash is compared, whether or not an earlier one matched
      boolean match = keys.get(i).matches(hash);
      found = match && found < 0 ? i : found;
    }
    if (found < 0) {
      throw unauthorized("the API key is not valid");
    }
    return keys.get(found);
  }

  private Optional<String> presented(Exchange ex) {
    Optional<String> h = ex.request().headers().first(header).filter(v -> !v.isEmpty());
    if (h.isPresent() || query.isEmpty()) {
      return h;
    }
    return ex.request().query().first(query.get()).asOptional().filter(v -> !v.isEmpty());
  }

  private ProblemException unauthorized(String detail) {
    return new ProblemException(Status.UNAUTHORIZED_401, detail)
        .header(HeaderNames.WWW_AUTHENTICATE.defaultCase(), challenge);
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
