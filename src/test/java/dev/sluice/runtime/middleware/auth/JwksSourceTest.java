package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwksSourceTest {
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger loads = new AtomicInteger();
  private volatile boolean failing;
  private volatile CountDownLatch slow = new CountDownLatch(0);

  private final JwksLoader loader =
      new JwksLoader() {
        @Override
        public JWKSet load() throws IOException, InterruptedException {
          loads.incrementAndGet();
          slow.await();
          if (failing) {
            throw new IOException("down");
          }
          return published.get();
        }

        @Override
        public String describe() {
          return "test";
        }
      };

  @Test
  void refreshesOnScheduleOnceUsed() throws Exception {
    published.set(new JWKSet(Tokens.ec("a")));
    try (JwksSource s = source(Duration.ofMillis(50), 5)) {
      Thread.sleep(200); // the scenario: four refresh periods pass unused
      assertThat("nothing is fetched before the first use", loads.get(), is(0));
      assertThat(kids(s.current()), contains("a"));
      published.set(new JWKSet(Tokens.ec("b")));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!kids(s.current()).equals(List.of("b")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(kids(s.current()), contains("b"));
    }
  }

  @Test
  void aFailedFetchKeepsTheLastGoodKeys() throws Exception {
    published.set(new JWKSet(Tokens.ec("a")));
    try (JwksSource s = source(Duration.ofHours(1), 5)) {
      JwksSource.Snapshot first = s.current();
      failing = true;
      JwksSource.Snapshot after = s.reloadForUnknownKey(first);
      assertThat(loads.get(), is(2));
      assertThat(kids(after), contains("a"));
    }
  }

  @Test
  void withoutAnyKeysTheSourceIsUnavailable() {
    failing = true;
    try (JwksSource s = source(Duration.ofHours(1), 2)) {
      assertThrows(KeysUnavailableException.class, s::current);
      assertThrows(KeysUnavailableException.class, s::current);
      assertThrows(KeysUnavailableException.class, s::current);
      assertThat("the fetch budget is spent", loads.get(), is(2));
    }
  }

  @Test
  void concurrentUnknownKeyIdsShareOneFetch() throws Exception {
    published.set(new JWKSet(Tokens.ec("a")));
    try (JwksSource s = source(Duration.ofHours(1), 100)) {
      JwksSource.Snapshot seen = s.current();
      slow = new CountDownLatch(1);
      List<java.util.concurrent.Future<JwksSource.Snapshot>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 20; i++) {
          results.add(pool.submit(() -> s.reloadForUnknownKey(seen)));
        }
        Thread.sleep(200);
        slow.countDown();
      }
      for (var r : results) {
        assertThat(r.get().attempts(), greaterThanOrEqualTo(seen.attempts() + 1));
      }
      assertThat(loads.get(), is(2));
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
    JWKSet kept = JwksSource.publicKeys(set);
    assertThat(kept.getKeys().stream().map(JWK::getKeyID).toList(), contains("rsa", "ec"));
    assertThat(kept.containsNonPublicKeys(), is(false));
  }

  private JwksSource source(Duration refresh, int burst) {
    return new JwksSource(
        loader, refresh, new TokenBucket(burst, Duration.ofHours(1), System::nanoTime));
  }

  private static List<String> kids(JwksSource.Snapshot s) {
    return s.keys().orElseThrow().getKeys().stream().map(JWK::getKeyID).toList();
  }
}
