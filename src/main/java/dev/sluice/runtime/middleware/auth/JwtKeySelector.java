package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the verification keys for a token, by its {@code alg} — which must be one of the
 * configured algorithms:
 *
 * <ul>
 *   <li>HS256/384/512: the configured secret, and nothing else. A JWKS key is never used as an HMAC
 *       secret, so an HS256 token "signed" with an RSA public key fails.
 *   <li>RS/PS/ES: the JWKS's public keys of the matching type (and curve) and {@code kid}; an
 *       unknown {@code kid} fetches the JWKS again, within {@link JwksKeys}'s rate limit.
 * </ul>
 */
final class JwtKeySelector implements JWSKeySelector<SecurityContext> {
  private final Set<JWSAlgorithm> algorithms;
  private final Optional<HmacSecret> secret;
  private final Optional<JwksKeys> jwks;

  JwtKeySelector(
      Set<JWSAlgorithm> algorithms, Optional<HmacSecret> secret, Optional<JwksKeys> jwks) {
    this.algorithms = Set.copyOf(algorithms);
    this.secret = secret;
    this.jwks = jwks;
  }

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws KeySourceException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!algorithms.contains(alg)) {
      return List.of(); // the caller has already refused it; never pick a key for it
    }
    if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      return secret.map(s -> List.of(s.key())).orElse(List.of());
    }
    if (jwks.isEmpty()) {
      return List.of();
    }
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    JWKSet seen = jwks.get().current();
    List<JWK> found = matcher == null ? List.of() : seen.filter(matcher).getKeys();
    String kid = header.getKeyID();
    if (found.isEmpty() && kid != null && seen.getKeyByKeyId(kid) == null && matcher != null) {
      found = jwks.get().refetch(seen).filter(matcher).getKeys();
    }
    if (found.isEmpty()) {
      throw new NoMatchingKeyException(
          kid == null ? "no key matches the token" : "no key matches the token's key id");
    }
    List<Key> keys = new ArrayList<>(found.size());
    for (JWK k : found) {
      keys.add(publicKey(k));
    }
    return keys;
  }

  private static Key publicKey(JWK k) throws KeySourceException {
    try {
      if (k instanceof RSAKey rsa) {
        return rsa.toRSAPublicKey();
      }
      return ((ECKey) k).toECPublicKey(); // JwksFetch keeps RSA and EC keys only
    } catch (JOSEException e) {
      throw new NoMatchingKeyException("a key of the JWKS is unusable");
    }
  }
}
