package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Test tokens and keys, made at run time (no private key is committed). */
public final class Tokens {
  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "sluice";

  private Tokens() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  public static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** Claims valid now for the test issuer and audience, plus {@code extra}. */
  public static JWTClaimsSet.Builder claims(String sub, Map<String, Object> extra) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .subject(sub)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    extra.forEach(b::claim);
    return b;
  }

  static String hs256(String secret, JWTClaimsSet claims) {
    return hs256(secret.getBytes(StandardCharsets.UTF_8), null, claims);
  }

  static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
    try {
      return sign(new MACSigner(secret), JWSAlgorithm.HS256, kid, claims);
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  static String rs256(RSAKey key, JWTClaimsSet claims) {
    try {
      return sign(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(), claims);
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  public static String es256(ECKey key, JWTClaimsSet claims) {
    try {
      return sign(new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID(), claims);
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }
}
