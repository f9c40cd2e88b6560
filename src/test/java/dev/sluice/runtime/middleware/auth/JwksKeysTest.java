package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.sluice.spec.JwtArgs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Nimbus-backed key cache, over a JWKS file (the URL side: AuthHttpTest, SlowJwksHttpTest). */
class JwksKeysTest {
  @TempDir Path dir;

  @Test
  void aFileIsReadAtOnceAndAgainEveryRefresh() throws Exception {
    Path file = write("keys.json", new JWKSet(Tokens.ec("a")));
    try (JwksKeys keys = JwksKeys.open(new JwtArgs.Jwks.File(file), Duration.ofMillis(200))) {
      assertThat(kids(keys.current()), contains("a"));
      write("keys.json", new JWKSet(Tokens.ec("b")));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!kids(keys.current()).equals(List.of("b")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(kids(keys.current()), contains("b"));
    }
  }

  @Test
  void anUnreadableFileIsAConfigError() {
    Path missing = dir.resolve("missing.json");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JwksKeys.open(new JwtArgs.Jwks.File(missing), Duration.ofMinutes(5)));
    assertThat(e.getMessage(), containsString("cannot read the JWKS file"));
    assertThat(e.getMessage(), containsString("no such file"));
  }

  @Test
  void aFailedReadKeepsTheLastGoodKeysPastTheirExpiry() throws Exception {
    Path file = write("keys.json", new JWKSet(Tokens.ec("a")));
    Duration refresh = Duration.ofMillis(100);
    try (JwksKeys keys = JwksKeys.open(new JwtArgs.Jwks.File(file), refresh)) {
      JWKSet seen = keys.current();
      Files.writeString(file, "not json");
      assertThat(kids(keys.refetch(seen)), contains("a"));
      Thread.sleep(refresh.multipliedBy(5).toMillis()); // the cached set has expired since
      assertThat(kids(keys.current()), contains("a"));
    }
  }

  @Test
  void anExpiredSetIsStillServedWhileASlowRefreshHoldsTheFetch() throws Exception {
    Duration refresh = Duration.ofMillis(200); // expires after 400 ms, refreshed after 200 ms
    try (DribblingJwksServer server = new DribblingJwksServer();
        JwksKeys keys =
            new JwksKeys(
                new JwksFetch(
                    new JwtArgs.Jwks.Url(URI.create(server.baseUrl() + "/jwks.json")),
                    new DeadlineRetriever(Duration.ofSeconds(3))),
                refresh)) {
      server.publish("/jwks.json", List.of(Tokens.ec("a")));
      assertThat(kids(keys.current()), contains("a"));
      server.dribble("/jwks.json");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.dribbling("/jwks.json") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10); // the scheduled refresh starts and is dribbled to
      }
      Thread.sleep(refresh.multipliedBy(3).toMillis()); // the cached set has expired
      assertThat(kids(keys.current()), contains("a"));
      assertThat(
          "answered while the refresh was in progress", server.dribbling("/jwks.json"), is(1));
    }
  }

  @Test
  void onlyPublicRsaAndEcKeysAreKept() throws Exception {
    RSAKey weak =
        new RSAKeyGenerator(1024, true).keyID("weak").generate(); // allowWeakKey for the test
    JWKSet set =
        new JWKSet(
            List.<JWK>of(
                Tokens.rsa("rsa"),
                Tokens.ec("ec"),
                weak,
                new OctetSequenceKeyGenerator(256).keyID("oct").generate()));
    JWKSet kept = JwksFetch.publicKeys(set);
    assertThat(kept.getKeys().stream().map(JWK::getKeyID).toList(), contains("rsa", "ec"));
    assertThat(kept.containsNonPublicKeys(), is(false));
  }

  private Path write(String name, JWKSet keys) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, keys.toString(false));
    return file;
  }

  private static List<String> kids(JWKSet s) {
    return s.getKeys().stream().map(JWK::getKeyID).toList();
  }
}
