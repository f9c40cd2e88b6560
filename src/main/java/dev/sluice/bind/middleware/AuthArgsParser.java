package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.ApiKeyArgs;
import dev.sluice.spec.AuthArgs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code - auth: {api-key: {...}}} or {@code - auth: {jwt: {...}}}: exactly one mode. The API-key
 * mode is read here (every key's hash is 64 hex digits, no name or hash twice); the JWT mode by
 * {@link JwtArgsParser}.
 */
final class AuthArgsParser {
  private AuthArgsParser() {}

  static Optional<? extends AuthArgs> parse(Args a) {
    boolean apiKey = a.node().has("api-key");
    if (apiKey == a.node().has("jwt")) {
      a.error("needs exactly one mode: {api-key: {...}} or {jwt: {...}}");
      return Optional.empty();
    }
    return apiKey ? apiKey(a, a.get("api-key")) : JwtArgsParser.parse(a, a.get("jwt"));
  }

  private static Optional<ApiKeyArgs> apiKey(Args a, JsonNode k) {
    String header = k.path("header").asText(ApiKeyArgs.DEFAULT_HEADER);
    Optional<String> query =
        k.hasNonNull("query") ? Optional.of(k.get("query").asText()) : Optional.empty();
    JsonNode written = k.path("keys");
    if (written.isEmpty()) {
      a.error("api-key needs at least one key", "api-key");
    }
    List<ApiKeyArgs.Key> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < written.size(); i++) {
      String name = written.get(i).path("name").asText();
      String hex = written.get(i).path("sha256").asText();
      if (!names.add(name)) {
        a.error(
            "api-key: the key name \"" + name + "\" is used twice", "api-key", "keys", i, "name");
      }
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        a.error(
            "the sha256 of key \""
                + name
                + "\" must be 64 hex digits (printf %s \"$KEY\" | sha256sum)",
            "api-key",
            "keys",
            i,
            "sha256");
        continue;
      }
      ApiKeyArgs.Key key = new ApiKeyArgs.Key(name, HexFormat.of().parseHex(hex));
      for (ApiKeyArgs.Key earlier : keys) {
        if (earlier.matches(key.sha256())) {
          a.error(
              "api-key: keys \"" + earlier.name() + "\" and \"" + name + "\" have the same sha256",
              "api-key",
              "keys",
              i,
              "sha256");
        }
      }
      keys.add(key);
    }
    return a.result(() -> new ApiKeyArgs(header, query, keys));
  }
}
