package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ProxySpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.UpstreamSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upstreams:} and {@code proxy:} bound: defaults, inline URLs, methods as a list or ANY, and
 * every mistake of a broken file reported in one run at its line.
 */
class ProxyConfigTest {
  @TempDir Path dir;

  private static final String GATEWAY =
      """
      server: {port: 0}
      route-files: [routes.yaml]
      stacks: {public: []}
      upstreams:
        orders:
          targets: [http://10.0.0.5:8080, "http://orders.internal"]
          balance: least-requests
          timeout: 10s
          retries: {attempts: 3, on: [connect-failure, 503]}
          health-check: {path: /healthz}
        plain:
          targets: [http://127.0.0.1:9001]
      """;

  @Test
  void upstreamKeysAndDefaults() throws Exception {
    var snapshot =
        loaded(
            """
            routes:
              - id: orders
                method: [GET, POST]
                path: /api/orders/{rest...}
                stack: public
                params: {rest: {in: path}}
                proxy:
                  upstream: orders
                  path: /v2/orders/{rest}
                  headers: {set: {X-Tenant: acme}, remove: [Cookie]}
                  timeout: 3s
              - id: any
                method: ANY
                path: /plain/{rest...}
                stack: public
                params: {rest: {in: path}}
                proxy: {url: "http://127.0.0.1:9002"}
            """);
    UpstreamSpec orders = snapshot.gateway().upstreams().get("orders");
    assertThat(
        orders.targets(),
        is(List.of(URI.create("http://10.0.0.5:8080"), URI.create("http://orders.internal:80"))));
    assertThat(orders.balance(), is(UpstreamSpec.Balance.LEAST_REQUESTS));
    assertThat(orders.retries(), is(new UpstreamSpec.Retries(3, true, false, Set.of(503))));
    assertThat(orders.healthCheck().orElseThrow().interval(), is(Duration.ofSeconds(5)));
    UpstreamSpec plain = snapshot.gateway().upstreams().get("plain");
    assertThat(plain.balance(), is(UpstreamSpec.Balance.ROUND_ROBIN));
    assertThat(plain.retries(), is(UpstreamSpec.Retries.defaults()));
    assertThat(plain.outlier(), is(UpstreamSpec.Outlier.defaults()));
    assertThat(plain.maxConnections(), is(512));

    RouteSpec route = snapshot.routes().get(0);
    assertThat(route.methods(), is(List.of("GET", "POST")));
    ProxySpec p = (ProxySpec) route.handler();
    assertThat(p.upstream(), is(orders));
    assertThat(p.rewrite().orElseThrow().template(), is("/v2/orders/{rest}"));
    assertThat(p.setHeaders(), is(Map.of("X-Tenant", "acme")));
    assertThat(p.removeHeaders(), is(List.of("cookie")));
    assertThat(p.effectiveTimeout(), is(Duration.ofSeconds(3)));

    RouteSpec any = snapshot.routes().get(1);
    assertThat(any.methods(), is(List.of("ANY")));
    ProxySpec inline = (ProxySpec) any.handler();
    assertThat(inline.upstream().targets(), is(List.of(URI.create("http://127.0.0.1:9002"))));
    assertThat(inline.rewrite(), is(Optional.empty()));
    assertThat(inline.effectiveTimeout(), is(UpstreamSpec.DEFAULT_TIMEOUT));
  }

  @Test
  void everyProxyMistakeInOneRunWithLines() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        GATEWAY
            + """
              broken:
                targets: [ftp://x, "http://h:1/prefix", "http://u:p@h:2"]
              slow:
                targets: [http://a:1]
                health-check: {path: /h, interval: 1s, timeout: 2s}
            """);
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: typo
            method: GET
            path: /a
            stack: public
            proxy: {upstream: ordres}
          - id: both
            method: GET
            path: /b
            stack: public
            proxy: {upstream: orders, url: "http://x:1"}
          - id: rewrite
            method: GET
            path: /c/{id}
            stack: public
            params: {id: {in: path}}
            proxy: {upstream: orders, path: "/v2/{idd}"}
          - id: any-static
            method: ANY
            path: /d
            stack: public
            static: {body: x}
          - id: list-sql
            method: [GET, POST]
            path: /e
            stack: public
            static: {body: x}
          - id: headers
            method: POST
            path: /f
            stack: public
            proxy:
              upstream: orders
              headers: {set: {Connection: close}, remove: [Transfer-Encoding]}
          - id: bad-url
            method: GET
            path: /g
            stack: public
            proxy: {url: "http://x:1/path"}
          - id: schema-and-typo
            method: GET
            path: /h
            stack: public
            proxy: {upstream: plian, timeout: soon}
          - id: any-list
            method: [ANY, GET]
            path: /i
            stack: public
            proxy: {upstream: plain}
        """);
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    List<String> errors =
        ((LoadResult.Invalid) r)
            .errors().stream()
                .map(ConfigError::format)
                .map(s -> s.substring(s.indexOf(".yaml:") + 6))
                .toList();
    assertThat(
        errors,
        containsInAnyOrder(
            "14:15: /upstreams/broken/targets/0: an upstream target is http:// or https://",
            "14:24: /upstreams/broken/targets/1: a target is a scheme, host and port only; a path"
                + " prefix goes in the route's proxy.path",
            "14:45: /upstreams/broken/targets/2: a target URL holds no user name or password",
            "17:53: /upstreams/slow/health-check/timeout: a health check's timeout is at most its"
                + " interval",
            "6:23: /routes/0/proxy/upstream: unknown upstream \"ordres\" (did you mean"
                + " \"orders\"?)",
            "11:12: /routes/1/proxy: proxy has both upstream and url; keep one",
            "17:37: /routes/2/proxy/path: {idd} is not a parameter of the route's path /c/{id}"
                + " (did you mean {id}?)",
            "19:13: /routes/3/method: method ANY is for proxy routes only; name the one method this"
                + " route answers",
            "24:13: /routes/4/method: a list of methods is for proxy routes only; a static or sql"
                + " route answers one method (write one route per method)",
            "34:35: /routes/5/proxy/headers/set/Connection: Connection is written by the proxy for"
                + " each hop; it cannot be set",
            "34:52: /routes/5/proxy/headers/remove/0: Transfer-Encoding is a hop-by-hop header,"
                + " never passed on anyway",
            "39:18: /routes/6/proxy/url: a target is a scheme, host and port only; a path prefix"
                + " goes in the route's proxy.path",
            "44:23: /routes/7/proxy/upstream: unknown upstream \"plian\" (did you mean"
                + " \"plain\"?)",
            "44:39: /routes/7/proxy/timeout: a duration is a whole number with a unit: 250ms, 30s,"
                + " 2m, 1h",
            "46:13: /routes/8/method: ANY stands alone: it is every method; write method: ANY"));
  }

  @Test
  void caFileMistakesAtTheirLines() throws Exception {
    Files.createDirectory(dir.resolve("certs"));
    Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
    Files.writeString(
        dir.resolve("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n");
    Files.writeString(
        dir.resolve("gateway.yaml"),
        GATEWAY
            + """
              missing: {targets: [https://a:1], ca-file: nope.pem}
              directory: {targets: [https://a:2], ca-file: certs}
              garbage: {targets: [https://a:3], ca-file: garbage.pem}
              broken: {targets: [https://a:4], ca-file: broken.pem}
            """);
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    List<String> errors =
        ((LoadResult.Invalid) r)
            .errors().stream()
                .map(ConfigError::format)
                .map(s -> s.substring(s.indexOf(".yaml:") + 6).replace(dir + "/", ""))
                .toList();
    assertThat(
        errors,
        containsInAnyOrder(
            is("13:46: /upstreams/missing/ca-file: nope.pem: no such file"),
            is("14:48: /upstreams/directory/ca-file: certs: is a directory"),
            is(
                "15:46: /upstreams/garbage/ca-file: garbage.pem: not a PEM file of CA certificates"
                    + " (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)"),
            startsWith(
                "16:45: /upstreams/broken/ca-file: broken.pem: not a PEM file of CA certificates"
                    + " (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----): ")));
  }

  private dev.sluice.spec.ConfigSnapshot loaded(String routes) throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), GATEWAY);
    Files.writeString(dir.resolve("routes.yaml"), routes);
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors());
    }
    return ((LoadResult.Loaded) r).snapshot();
  }
}
