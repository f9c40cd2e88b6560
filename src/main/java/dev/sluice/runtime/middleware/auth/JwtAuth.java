package dev.sluice.runtime.middleware.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.JwtArgs;
import io.helidon.http.HeaderNames;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code auth: {jwt: ...}}: verifies {@code Authorization: Bearer <token>} with nimbus's {@link
 * DefaultJWTProcessor} — the token's {@code alg} must be a configured one, the key comes from
 * {@link JwtKeySelector}, the claims pass {@link JwtClaimsRules} — then checks the required claims.
 * A verified token's claims become the exchange's ({@link Exchange#authenticated}).
 */
final class JwtAuth implements Middleware {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** RFC 6750 b64token, which every compact JWS is. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  /** RFC 9068 access tokens. */
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  /** The accepted {@code typ} headers besides none: JWT and RFC 9068 access tokens. */
  private static final Set<JOSEObjectType> TYPES = Set.of(JOSEObjectType.JWT, AT_JWT);

  private final Set<JWSAlgorithm> algorithms;
  private final List<String> algorithmNames;
  private final RequiredClaims required;
  private final DefaultJWTProcessor<SecurityContext> processor;

  /** From arguments checked when they were bound; {@code jwks} present when they name one. */
  JwtAuth(JwtArgs args, Optional<JwksKeys> jwks, Clock clock) {
    Set<JWSAlgorithm> algs = new HashSet<>();
    args.algorithms().forEach(a -> algs.add(JWSAlgorithm.parse(a.name())));
    this.algorithms = Set.copyOf(algs);
    this.algorithmNames = algorithms.stream().map(JWSAlgorithm::getName).sorted().toList();
    this.required = new RequiredClaims(args.requiredClaims());
    Optional<HmacSecret> secret = args.secret().map(s -> HmacSecret.of(s.bytes()));
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, AT_JWT, null));
    processor.setJWSKeySelector(new JwtKeySelector(algorithms, secret, jwks));
    processor.setJWTClaimsSetVerifier(
        new JwtClaimsRules(args.issuer(), args.audiences(), args.clockSkew(), clock));
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      JsonNode claims = verify(bearer(ex));
      Optional<String> missing = required.missing(claims);
      if (missing.isPresent()) {
        throw BearerChallenge.insufficient(missing.get());
      }
      ex.authenticated(claims);
      next.handle(ex);
    };
  }

  private static String bearer(Exchange ex) {
    Optional<String> auth = ex.request().headers().first(HeaderNames.AUTHORIZATION);
    if (auth.isEmpty()) {
      throw BearerChallenge.missing();
    }
    String value = auth.get().strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw BearerChallenge.missing(); // another scheme carries no bearer token
    }
    String token = value.substring(space + 1).strip();
    if (!B64TOKEN.matcher(token).matches()) {
      throw BearerChallenge.invalid("the token is malformed");
    }
    return token;
  }

  /** The verified claims of {@code token}, or the 401 (503 without keys) that says why not. */
  JsonNode verify(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw BearerChallenge.invalid("the token is malformed");
    }
    SignedJWT signed =
        switch (jwt) {
          case SignedJWT s -> s;
          case PlainJWT p ->
              throw BearerChallenge.invalid("unsigned tokens (alg none) are not accepted");
          case EncryptedJWT e -> throw BearerChallenge.invalid("encrypted tokens are not accepted");
          default -> throw BearerChallenge.invalid("the token is malformed");
        };
    if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
      throw BearerChallenge.invalid(
          "the token's algorithm is not accepted (accepted: "
              + String.join(", ", algorithmNames)
              + ")");
    }
    JOSEObjectType typ = signed.getHeader().getType();
    if (typ != null && !TYPES.contains(typ)) {
      throw BearerChallenge.invalid("the token's type (typ) is not accepted");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (TokenRejectedException e) {
      throw BearerChallenge.invalid(e.getMessage());
    } catch (BadJWSException e) {
      throw BearerChallenge.invalid("the token's signature does not verify");
    } catch (BadJOSEException e) {
      throw BearerChallenge.invalid("the token is malformed");
    } catch (NoMatchingKeyException e) {
      throw BearerChallenge.invalid(e.getMessage());
    } catch (KeysUnavailableException e) {
      // each failed fetch was logged (within the rate limit); a line per request would flood
      throw BearerChallenge.keysUnavailable();
    } catch (JOSEException e) {
      throw BearerChallenge.invalid("the token could not be verified");
    }
    return JSON.valueToTree(claims.toJSONObject());
  }
}
