package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.RunningGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 100,000 requests from distinct client addresses, spoofed through a trusted proxy: the local store
 * keeps at most {@code max-keys} (1,000) buckets. Seen from outside: every address gets its own
 * bucket (capacity 2, so a shared bucket would refuse all but two), an address of the flood is
 * never refused on its next request (its bucket kept with a token left, or dropped and new), and a
 * bucket in use still limits. Which buckets a full store drops is Caffeine's choice (W-TinyLFU), so
 * the test does not name one.
 *
 * <p>The bucket count itself is asserted on the store in {@code
 * dev.sluice.runtime.ratelimit.LocalStoreTest#hundredThousandDistinctKeysKeepTheStoreBounded}.
 */
class RateLimitFloodHttpTest {
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/flood/gateway.yaml");
  private static final int CLIENTS = 100_000;

  @Test
  void hundredThousandSpoofedAddressesKeepTheLocalStoreBounded() throws Exception {
    try (RunningGateway gw = RunningGateway.start(CONFIG, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(16)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      AtomicInteger refused = new AtomicInteger();
      java.util.Set<Integer> statuses = java.util.concurrent.ConcurrentHashMap.newKeySet();
      var tasks =
          IntStream.range(0, 16)
              .mapToObj(
                  t ->
                      pool.submit(
                          () -> {
                            for (int i = t; i < CLIENTS; i += 16) {
                              int status = get(http, gw, address(i)).statusCode();
                              if (status != 200) {
                                refused.incrementAndGet();
                                statuses.add(status);
                              }
                            }
                            return null;
                          }))
              .toList();
      for (Future<?> f : tasks) {
        f.get();
      }
      assertThat("requests refused, statuses " + statuses, refused.get(), is(0));
      // kept with one token left, or dropped and made again with two
      assertThat(get(http, gw, address(0)).statusCode(), is(200));
      // A bucket in use still limits. (Not the flood's last address: with 16 senders running at
      // different speeds, a thousand later requests may have evicted it by now.)
      String fresh = "10.200.0.1"; // outside the flood's 10.0.0.0–10.1.134.159
      assertThat(get(http, gw, fresh).statusCode(), is(200));
      assertThat(get(http, gw, fresh).statusCode(), is(200));
      assertThat(get(http, gw, fresh).statusCode(), is(429));
    }
  }

  private static String address(int i) {
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  private static HttpResponse<Void> get(HttpClient http, RunningGateway gw, String forwardedFor)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(gw.uri("/limited"))
            .header("X-Forwarded-For", forwardedFor)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
