package dev.sluice.spec;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code - auth: {jwt: {...}}}, parsed and checked: a secret exactly when an HS algorithm is
 * accepted (long enough for each), a JWKS exactly when an RS/PS/ES one is. Printing it never shows
 * the secret.
 *
 * <pre>
 * - auth:
 *     jwt:
 *       algorithms: [RS256, ES256]
 *       jwks: {url: https://issuer.example/.well-known/jwks.json, refresh: 5m}
 *       issuer: https://issuer.example
 *       audience: sluice
 *       clock-skew: 30s
 *       required-claims: {scope: users:write}
 * </pre>
 *
 * @param algorithms the accepted {@code alg} values; a token with any other is refused
 * @param refresh how often the JWKS is fetched again
 * @param issuer the required {@code iss}, if any
 * @param audiences the accepted {@code aud} values (any one suffices); empty: any audience, as
 *     {@code audience: any} asks (the key itself is required)
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param requiredClaims claims a valid token must also carry (else 403), in the order written: a
 *     name with no values needs the claim present and not null; with values, each of them
 */
public record JwtArgs(
    Set<Algorithm> algorithms,
    Optional<Secret> secret,
    Optional<Jwks> jwks,
    Duration refresh,
    Optional<String> issuer,
    Set<String> audiences,
    Duration clockSkew,
    Map<String, List<ClaimValue>> requiredClaims)
    implements AuthArgs {

  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
  public static final Duration MIN_REFRESH = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  /** {@code audience: any}: a token is accepted whatever its {@code aud}. */
  public static final String ANY_AUDIENCE = "any";

  public JwtArgs {
    algorithms = Set.copyOf(algorithms);
    audiences = Set.copyOf(audiences);
    Map<String, List<ClaimValue>> claims = new LinkedHashMap<>();
    requiredClaims.forEach((name, values) -> claims.put(name, List.copyOf(values)));
    requiredClaims = Collections.unmodifiableMap(claims);
  }

  /** The signature algorithms Sluice verifies. */
  public enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512;

    /** HS256/384/512: verified with the shared secret. */
    public boolean hmac() {
      return name().startsWith("HS");
    }

    /** The shortest secret this algorithm accepts, in bytes (its hash size); 0 for the others. */
    public int minSecretBytes() {
      return hmac() ? Integer.parseInt(name().substring(2)) / 8 : 0;
    }
  }

  /** The HS* shared secret as its UTF-8 bytes. Never printed. */
  public static final class Secret {
    private final byte[] bytes;

    private Secret(byte[] bytes) {
      this.bytes = bytes;
    }

    public static Secret of(String text) {
      return new Secret(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Its length in bytes (a fact about the configuration that may be printed). */
    public int length() {
      return bytes.length;
    }

    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Secret s && java.security.MessageDigest.isEqual(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Secret[(hidden)]";
    }
  }

  /** Where the public keys of RS/PS/ES tokens come from. */
  public sealed interface Jwks {
    /** A JWKS served over HTTP(S); fetched on first use, never while binding. */
    record Url(URI uri) implements Jwks {}

    /** A JWKS file, resolved against the directory of the file that names it. */
    record File(Path path) implements Jwks {}
  }

  /** A value a required claim must hold: text, a number or a boolean. */
  public sealed interface ClaimValue {
    /** As an error message writes it. */
    String text();

    /** A string. */
    record Text(String value) implements ClaimValue {
      @Override
      public String text() {
        return value;
      }
    }

    /** A number, compared by value ({@code 1} equals {@code 1.0}); {@code written} for messages. */
    record Numeric(BigDecimal value, String written) implements ClaimValue {
      @Override
      public String text() {
        return written;
      }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements ClaimValue {
      @Override
      public String text() {
        return String.valueOf(value);
      }
    }
  }
}
