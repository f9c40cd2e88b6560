package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.JwtArgs;
import dev.sluice.spec.JwtArgs.Algorithm;
import dev.sluice.spec.JwtArgs.ClaimValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code - auth: {jwt: {...}}}: the algorithms are supported ones; HS algorithms need a secret long
 * enough for each of them, RS/PS/ES ones a JWKS (an https URL — http only on loopback — or a file
 * read now), and neither takes the other's; the JWKS refresh is at least 10s; an audience is
 * required ({@code any} to accept every one). See {@link JwtArgs}.
 */
final class JwtArgsParser {
  private static final String JWT = "jwt";

  private JwtArgsParser() {}

  static Optional<JwtArgs> parse(Args a, JsonNode j) {
    Set<Algorithm> algorithms = algorithms(a, j.path("algorithms"));
    boolean hmac = algorithms.stream().anyMatch(Algorithm::hmac);
    boolean asymmetric = algorithms.stream().anyMatch(alg -> !alg.hmac());
    Optional<JwtArgs.Secret> secret = secret(a, j, algorithms, hmac);
    Optional<JwtArgs.Jwks> jwks = JwksArgsParser.parse(a, j.path("jwks"), asymmetric);
    Duration refresh =
        a.duration(j.path("jwks").path("refresh"), JwtArgs.DEFAULT_REFRESH, JWT, "jwks", "refresh");
    if (refresh.compareTo(JwtArgs.MIN_REFRESH) < 0) {
      a.error("jwt: jwks refresh must be at least 10s", JWT, "jwks", "refresh");
    }
    Optional<String> issuer =
        j.hasNonNull("issuer") ? Optional.of(j.get("issuer").asText()) : Optional.empty();
    Set<String> audiences = audiences(a, j.path("audience"));
    Duration skew = a.duration(j.path("clock-skew"), JwtArgs.DEFAULT_CLOCK_SKEW, JWT, "clock-skew");
    Map<String, List<ClaimValue>> required = requiredClaims(j.path("required-claims"));
    return a.result(
        () -> new JwtArgs(algorithms, secret, jwks, refresh, issuer, audiences, skew, required));
  }

  /**
   * The accepted {@code aud} values; empty for {@code audience: any}. Required: without it a token
   * minted for another service of the same identity provider would pass.
   */
  private static Set<String> audiences(Args a, JsonNode aud) {
    Set<String> audiences = new LinkedHashSet<>();
    if (aud.isMissingNode() || aud.isNull()) {
      a.error(
          "jwt: audience is required: the aud your tokens are minted for (audience: my-api), or"
              + " audience: any to accept a token whatever its audience",
          JWT);
      return audiences;
    }
    if (aud.isTextual() && aud.asText().equals(JwtArgs.ANY_AUDIENCE)) {
      return audiences;
    }
    for (int i = 0; i < aud.size(); i++) {
      if (aud.get(i).asText().equals(JwtArgs.ANY_AUDIENCE)) {
        a.error(
            "jwt: audience: any accepts every audience; write it alone, not in a list",
            JWT,
            "audience",
            i);
      }
      audiences.add(aud.get(i).asText());
    }
    if (aud.isTextual()) {
      audiences.add(aud.asText());
    }
    return audiences;
  }

  /** The accepted algorithms, in the order written. */
  private static Set<Algorithm> algorithms(Args a, JsonNode written) {
    Set<Algorithm> algorithms = new LinkedHashSet<>();
    for (int i = 0; i < written.size(); i++) {
      String name = written.get(i).asText();
      try {
        algorithms.add(Algorithm.valueOf(name));
      } catch (IllegalArgumentException e) {
        a.error(
            "jwt: algorithm \""
                + name
                + "\" is not supported; use one of "
                + Arrays.stream(Algorithm.values()).map(Algorithm::name).sorted().toList(),
            JWT,
            "algorithms",
            i);
      }
    }
    if (written.isEmpty()) {
      a.error("jwt: list the accepted algorithms, e.g. [RS256]", JWT);
    }
    return algorithms;
  }

  private static Optional<JwtArgs.Secret> secret(
      Args a, JsonNode j, Set<Algorithm> algorithms, boolean hmac) {
    boolean given = j.hasNonNull("secret");
    if (!hmac) {
      if (given) {
        a.error(
            "jwt: secret is only used by HS256/HS384/HS512, and algorithms lists none of them",
            JWT,
            "secret");
      }
      return Optional.empty();
    }
    if (!given) {
      a.error("jwt: HS algorithms need a secret (secret: ${JWT_SECRET})", JWT);
      return Optional.empty();
    }
    JwtArgs.Secret secret = JwtArgs.Secret.of(j.get("secret").asText());
    for (Algorithm alg : algorithms) {
      if (secret.length() < alg.minSecretBytes()) {
        // the length is a fact about the configuration; the secret itself is never printed
        a.error(
            "jwt: the secret is "
                + secret.length()
                + " bytes; "
                + alg.name()
                + " needs at least "
                + alg.minSecretBytes(),
            JWT,
            "secret");
        break;
      }
    }
    return Optional.of(secret);
  }

  /** {@code [name, ...]} or {@code {name: value | [values]}} (schema-checked). */
  private static Map<String, List<ClaimValue>> requiredClaims(JsonNode node) {
    Map<String, List<ClaimValue>> out = new LinkedHashMap<>();
    if (node.isArray()) {
      node.forEach(n -> out.put(n.asText(), List.of()));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      List<ClaimValue> values = new ArrayList<>();
      JsonNode v = e.getValue();
      for (JsonNode one : v.isArray() ? v : List.of(v)) {
        claimValue(one).ifPresent(values::add);
      }
      out.put(e.getKey(), values);
    }
    return out;
  }

  private static Optional<ClaimValue> claimValue(JsonNode v) {
    if (v.isTextual()) {
      return Optional.of(new ClaimValue.Text(v.asText()));
    }
    if (v.isNumber()) {
      return Optional.of(new ClaimValue.Numeric(v.decimalValue(), v.toString()));
    }
    if (v.isBoolean()) {
      return Optional.of(new ClaimValue.Bool(v.booleanValue()));
    }
    return Optional.empty(); // null: the claim need only be present (the schema allows no more)
  }
}
