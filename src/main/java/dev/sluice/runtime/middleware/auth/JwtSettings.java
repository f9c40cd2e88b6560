package dev.sluice.runtime.middleware.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.sluice.units.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code auth: {jwt: ...}}, checked beyond what the schema can say. The secret is
 * held by {@link HmacSecret}, whose {@code toString} hides it, so printing these settings is safe.
 *
 * @param algorithms the accepted {@code alg} values; a token with any other is refused
 * @param secret the HS* shared secret; present exactly when an HS* algorithm is accepted
 * @param jwks where the RS/PS/ES public keys come from; present exactly when such an algorithm is
 * @param refresh how often the JWKS is fetched again
 * @param issuer the required {@code iss}, if any
 * @param audiences the accepted {@code aud} values (any one suffices); empty: not checked
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param required claims a valid token must also carry (else 403)
 */
record JwtSettings(
    Set<JWSAlgorithm> algorithms,
    Optional<HmacSecret> secret,
    Optional<JwksLocation> jwks,
    Duration refresh,
    Optional<String> issuer,
    Set<String> audiences,
    Duration clockSkew,
    RequiredClaims required) {

  static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
  static final Duration MIN_REFRESH = Duration.ofSeconds(10);
  static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  static final int MIN_SECRET_BYTES = 32;

  private static final Set<JWSAlgorithm> SUPPORTED =
      Set.of(
          JWSAlgorithm.HS256,
          JWSAlgorithm.HS384,
          JWSAlgorithm.HS512,
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  JwtSettings {
    algorithms = Set.copyOf(algorithms);
    audiences = Set.copyOf(audiences);
  }

  /** Reads and checks the schema-checked arguments; relative JWKS files resolve in {@code dir}. */
  static JwtSettings from(JsonNode args, Path dir) {
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    for (JsonNode a : args.path("algorithms")) {
      JWSAlgorithm alg = JWSAlgorithm.parse(a.asText());
      if (!SUPPORTED.contains(alg)) {
        throw new IllegalArgumentException(
            "jwt: algorithm \""
                + a.asText()
                + "\" is not supported; use one of "
                + names(SUPPORTED));
      }
      algorithms.add(alg);
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("jwt: list the accepted algorithms, e.g. [RS256]");
    }
    boolean hmac = algorithms.stream().anyMatch(JWSAlgorithm.Family.HMAC_SHA::contains);
    boolean asymmetric =
        algorithms.stream().anyMatch(a -> !JWSAlgorithm.Family.HMAC_SHA.contains(a));
    Optional<HmacSecret> secret = secret(args, algorithms, hmac);
    Optional<JwksLocation> jwks = jwks(args.path("jwks"), dir, asymmetric);
    Duration refresh =
        args.path("jwks").hasNonNull("refresh")
            ? Durations.duration(args.path("jwks").path("refresh").asText())
            : DEFAULT_REFRESH;
    if (refresh.compareTo(MIN_REFRESH) < 0) {
      throw new IllegalArgumentException("jwt: jwks refresh must be at least 10s");
    }
    Optional<String> issuer =
        args.hasNonNull("issuer") ? Optional.of(args.get("issuer").asText()) : Optional.empty();
    Set<String> audiences = new LinkedHashSet<>();
    JsonNode aud = args.path("audience");
    if (aud.isArray()) {
      aud.forEach(a -> audiences.add(a.asText()));
    } else if (aud.isTextual()) {
      audiences.add(aud.asText());
    }
    Duration skew =
        args.hasNonNull("clock-skew")
            ? Durations.duration(args.get("clock-skew").asText())
            : DEFAULT_CLOCK_SKEW;
    RequiredClaims required =
        args.hasNonNull("required-claims")
            ? RequiredClaims.from(args.get("required-claims"))
            : RequiredClaims.none();
    return new JwtSettings(algorithms, secret, jwks, refresh, issuer, audiences, skew, required);
  }

  private static Optional<HmacSecret> secret(
      JsonNode args, Set<JWSAlgorithm> algorithms, boolean hmac) {
    boolean given = args.hasNonNull("secret");
    if (!hmac) {
      if (given) {
        throw new IllegalArgumentException(
            "jwt: secret is only used by HS256/HS384/HS512, and algorithms lists none of them");
      }
      return Optional.empty();
    }
    if (!given) {
      throw new IllegalArgumentException(
          "jwt: HS algorithms need a secret (secret: ${JWT_SECRET})");
    }
    HmacSecret secret = HmacSecret.of(args.get("secret").asText());
    for (JWSAlgorithm alg : algorithms) {
      int needed = minSecretBytes(alg);
      if (needed > 0 && secret.length() < needed) {
        // the length is a fact about the configuration; the secret itself is never printed
        throw new IllegalArgumentException(
            "jwt: the secret is "
                + secret.length()
                + " bytes; "
                + alg.getName()
                + " needs at least "
                + needed);
      }
    }
    return Optional.of(secret);
  }

  static int minSecretBytes(JWSAlgorithm alg) {
    if (JWSAlgorithm.HS512.equals(alg)) {
      return 64;
    }
    if (JWSAlgorithm.HS384.equals(alg)) {
      return 48;
    }
    return JWSAlgorithm.HS256.equals(alg) ? MIN_SECRET_BYTES : 0;
  }

  private static Optional<JwksLocation> jwks(JsonNode jwks, Path dir, boolean asymmetric) {
    boolean given = !jwks.isMissingNode() && !jwks.isNull();
    if (!asymmetric) {
      if (given) {
        throw new IllegalArgumentException(
            "jwt: jwks is only used by RS/PS/ES algorithms, and algorithms lists none of them");
      }
      return Optional.empty();
    }
    boolean url = jwks.hasNonNull("url");
    boolean file = jwks.hasNonNull("file");
    if (url == file) {
      throw new IllegalArgumentException(
          url
              ? "jwt: jwks takes a url or a file, not both"
              : "jwt: RS/PS/ES algorithms need jwks: {url: https://...} or jwks: {file: ...}");
    }
    if (file) {
      return Optional.of(new JwksLocation.File(dir.resolve(jwks.get("file").asText()).normalize()));
    }
    URI uri;
    try {
      uri = new URI(jwks.get("url").asText());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("jwt: jwks url is not a URL: " + e.getReason());
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("jwt: jwks url must be http(s)://host/...");
    }
    return Optional.of(new JwksLocation.Url(uri));
  }

  private static String names(Set<JWSAlgorithm> algs) {
    return algs.stream().map(JWSAlgorithm::getName).sorted().toList().toString();
  }

  /** Whether a token signed with {@code alg} may be accepted. */
  boolean accepts(JWSAlgorithm alg) {
    return algorithms.contains(alg);
  }

  List<String> algorithmNames() {
    return algorithms.stream().map(JWSAlgorithm::getName).sorted().toList();
  }
}
