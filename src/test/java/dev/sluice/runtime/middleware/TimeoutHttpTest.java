package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.GatewayExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The timeout middleware over HTTP: a 300 ms deadline in front of a static route that takes 5 s and
 * of a query on the embedded H2 database (one connection) that would run for minutes.
 */
class TimeoutHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/timeout/gateway.yaml");
  @RegisterExtension static final GatewayExtension gateway = GatewayExtension.of(CONFIG);

  @Test
  void slowStaticRouteIs504AtTheDeadline() throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> res =
        gateway.send(
            HttpRequest.newBuilder(gateway.uri("/slow")).header("X-Request-Id", "rid-504"));
    long ms = millisSince(t);
    assertThat(res.statusCode(), is(504));
    assertThat(ms, allOf(greaterThanOrEqualTo(300L), lessThan(1_000L)));
    assertThat(res.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.path("title").asText(), is("Gateway Timeout"));
    assertThat(body.path("status").asInt(), is(504));
    assertThat(
        body.path("detail").asText(), is("the request did not complete within its 300ms deadline"));
    assertThat(body.path("instance").asText(), is("/slow"));
    assertThat(body.path("request_id").asText(), is("rid-504"));
  }

  @Test
  void quickRouteIsUntouched() throws Exception {
    HttpResponse<String> res = gateway.get("/quick");
    assertThat(res.statusCode(), is(200));
    assertThat(res.body(), is("quick"));
  }

  @Test
  void theEarlierOfTwoDeadlinesWins() throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> longer = gateway.get("/longer"); // stack 300 ms, route 2 s
    assertThat(longer.statusCode(), is(504));
    assertThat(millisSince(t), lessThan(1_000L));
    assertThat(
        JSON.readTree(longer.body()).path("detail").asText(),
        is("the request did not complete within its 300ms deadline"));

    t = System.nanoTime();
    HttpResponse<String> shorter = gateway.get("/shorter"); // stack 300 ms, route 100 ms
    assertThat(shorter.statusCode(), is(504));
    assertThat(millisSince(t), lessThan(1_000L)); // the detail below tells which deadline it was
    assertThat(
        JSON.readTree(shorter.body()).path("detail").asText(),
        is("the request did not complete within its 100ms deadline"));
  }

  @Test
  void slowQueryIsCancelledAndItsConnectionFreed() throws Exception {
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      HttpResponse<String> slow = gateway.get("/slow-query");
      assertThat(slow.body(), slow.statusCode(), is(504));
      assertThat(millisSince(t), lessThan(1_500L));
      assertThat(
          JSON.readTree(slow.body()).path("detail").asText(),
          is("the request did not complete within its 300ms deadline"));
      // the pool has one connection: the next query gets it at once
      t = System.nanoTime();
      HttpResponse<String> quick = gateway.get("/quick-query");
      assertThat(quick.body(), quick.statusCode(), is(200));
      assertThat(quick.body(), is("{\"n\":1}"));
      assertThat(millisSince(t), lessThan(1_000L));
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
