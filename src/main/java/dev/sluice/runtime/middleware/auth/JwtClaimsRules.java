package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of a token's claims once its signature verified: {@code exp} is required and, like
 * {@code nbf}, judged with the clock skew; {@code iss} must equal the issuer and {@code aud}
 * contain one of the audiences, when those are configured.
 */
final class JwtClaimsRules implements JWTClaimsSetVerifier<SecurityContext> {
  private final Optional<String> issuer;
  private final Set<String> audiences;
  private final Duration skew;
  private final Clock clock;

  JwtClaimsRules(Optional<String> issuer, Set<String> audiences, Duration skew, Clock clock) {
    this.issuer = issuer;
    this.audiences = Set.copyOf(audiences);
    this.skew = skew;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws TokenRejectedException {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new TokenRejectedException("the token has no expiry (exp)");
    }
    if (!now.minus(skew).isBefore(exp.toInstant())) {
      throw new TokenRejectedException("the token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new TokenRejectedException("the token is not valid yet (nbf)");
    }
    if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
      throw new TokenRejectedException("the token's issuer is not accepted");
    }
    if (!audiences.isEmpty()) {
      List<String> aud = claims.getAudience();
      if (aud == null || Collections.disjoint(aud, audiences)) {
        throw new TokenRejectedException("the token's audience is not accepted");
      }
    }
  }
}
