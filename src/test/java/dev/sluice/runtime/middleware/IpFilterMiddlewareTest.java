package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.net.Cidr;
import dev.sluice.net.IpAddress;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.IpFilterArgs;
import dev.sluice.testing.GatewayExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ip-filter through the production routing, on a server listening on IPv4 and IPv6. */
class IpFilterMiddlewareTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InetAddress LOOPBACK_2 = literal("127.0.0.2");

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of("src/test/resources/configs/net/ip-filter/gateway.yaml")
          .env("NET_TEST_HOST", () -> hasIpv6Loopback() ? "::" : "127.0.0.1");

  private static boolean ipv6;

  @BeforeAll
  static void start() throws Exception {
    ipv6 = hasIpv6Loopback();
  }

  @Test
  void anAddressOutsideTheAllowListIsRefusedWith403Problem() throws Exception {
    HttpResponse<String> res = get("127.0.0.1", Optional.empty(), "/internal", "rid-ipf-1");
    assertThat(res.statusCode(), is(403));
    assertThat(
        res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.path("type").asText(), is("about:blank"));
    assertThat(body.path("title").asText(), is("Forbidden"));
    assertThat(body.path("status").asInt(), is(403));
    assertThat(
        body.path("detail").asText(), is("requests from this client address are not allowed here"));
    assertThat(body.path("instance").asText(), is("/internal"));
    assertThat(body.path("request_id").asText(), is("rid-ipf-1"));
  }

  @Test
  void aForwardedForFromAnUntrustedPeerCannotClaimAnAllowedAddress() throws Exception {
    HttpResponse<String> res =
        send(
            "127.0.0.1",
            Optional.empty(),
            "/internal",
            "X-Forwarded-For",
            "10.1.2.3",
            "X-Real-IP",
            "10.1.2.3");
    assertThat(res.statusCode(), is(403));
  }

  @Test
  void anAllowedAddressPasses() throws Exception {
    HttpResponse<String> res = get("127.0.0.1", Optional.empty(), "/loopback", "rid-ipf-2");
    assertThat(res.statusCode(), is(200));
    assertThat(res.body(), is("loopback"));
  }

  @Test
  void denyWinsOverAllow() throws Exception {
    // 127.0.0.2 is in the allow list's 127.0.0.0/8 and in the deny list
    HttpResponse<String> res = get("127.0.0.1", Optional.of(LOOPBACK_2), "/loopback", "rid-3");
    assertThat(res.statusCode(), is(403));
    assertThat(
        res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
  }

  @Test
  void anIpv4CidrWrittenIpv4MappedMatchesAnIpv4Peer() throws Exception {
    assertThat(get("127.0.0.1", Optional.empty(), "/mapped", "rid-4").statusCode(), is(200));
  }

  @Test
  void ipv6AnIpFilterDenyOfTheIpv6LoopbackRefusesARequestOverIpv6Loopback() throws Exception {
    Assumptions.assumeTrue(ipv6, "no IPv6 loopback on this machine");
    HttpResponse<String> refused = get("[::1]", Optional.empty(), "/no-ipv6-loopback", "rid-v6");
    assertThat(refused.statusCode(), is(403));
    assertThat(JSON.readTree(refused.body()).path("status").asInt(), is(403));
    assertThat(JSON.readTree(refused.body()).path("request_id").asText(), is("rid-v6"));
    // the same route over IPv4 is served; and ::1 is in /loopback's allow list
    assertThat(
        get("127.0.0.1", Optional.empty(), "/no-ipv6-loopback", "rid-v4").statusCode(), is(200));
    assertThat(get("[::1]", Optional.empty(), "/loopback", "rid-v6-ok").statusCode(), is(200));
    assertThat(get("[::1]", Optional.empty(), "/mapped", "rid-v6-mapped").statusCode(), is(403));
  }

  @ParameterizedTest(name = "allow {0}, deny {1}: {2} admitted: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/8|10.1.2.3|10.9.9.9|true",
        "10.0.0.0/8|10.1.2.3|10.1.2.3|false",
        "10.0.0.0/8|10.1.2.3|11.0.0.1|false",
        "::1/128|10.1.2.3|::1|true",
        "2001:db8::/32|2001:db8:1::/48|2001:db8:1::5|false",
        "2001:db8::/32|2001:db8:1::/48|2001:db8:2::5|true",
        "10.0.0.0/8|2001:db8::/32|::ffff:10.0.0.1|true",
      })
  void denyWinsAndAnAllowListMustCover(String allow, String deny, String client, boolean admitted)
      throws Exception {
    IpFilterMiddleware f = filter(List.of(allow), List.of(deny));
    assertThat(f.admits(IpAddress.parse(client)), is(admitted));
  }

  @Test
  void withOnlyADenyListEverythingElseIsAdmitted() throws Exception {
    IpFilterMiddleware f = filter(List.of(), List.of("10.0.0.0/8"));
    assertThat(f.admits(IpAddress.parse("192.0.2.1")), is(true));
    assertThat(f.admits(IpAddress.parse("10.0.0.1")), is(false));
    assertThat(f.admits(Optional.empty()), is(true));
    IpFilterMiddleware a = filter(List.of("10.0.0.0/8"), List.of());
    assertThat(a.admits(Optional.empty()), is(false));
  }

  @Test
  void anInvalidCidrInTheConfigIsReportedAtItsEntry() throws Exception {
    LoadResult r =
        new ConfigLoader(Environment.system())
            .load(Path.of("src/test/resources/configs/net/broken-ip-filter/gateway.yaml"));
    List<ConfigError> errors = ((LoadResult.Invalid) r).errors();
    assertThat(errors, hasSize(1));
    assertThat(
        errors.get(0).format(),
        startsWith(
            "src/test/resources/configs/net/broken-ip-filter/gateway.yaml:8:29:"
                + " /stacks/guarded/1/ip-filter/allow/1: ip-filter: allow[1]: \"10.0.0.300/32\" is"
                + " not a CIDR: \"10.0.0.300\" is not an IP address"));
  }

  private static IpFilterMiddleware filter(List<String> allow, List<String> deny) {
    return IpFilterMiddleware.create(
        new IpFilterArgs(
            allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList()));
  }

  private static HttpResponse<String> get(
      String host, Optional<InetAddress> from, String path, String requestId) throws Exception {
    return send(host, from, path, "X-Request-Id", requestId);
  }

  private static HttpResponse<String> send(
      String host, Optional<InetAddress> from, String path, String... headers) throws Exception {
    HttpClient.Builder cb =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    from.ifPresent(cb::localAddress);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try (HttpClient http = cb.build()) {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text); // a literal: parsed, not looked up
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean hasIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, literal("::1"))) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
