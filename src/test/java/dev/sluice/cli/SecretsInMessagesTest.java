package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a password written in a URL's user-info ({@code redis://:S3cr3tPw@host}) never reaches
 * a message — validate-config's errors here, log lines elsewhere ({@code UrlCredentialsTest}).
 */
class SecretsInMessagesTest {
  private static final String GATEWAY =
      """
      server: {host: 127.0.0.1, port: 0}
      redis: {url: "%s"}
      rate-limits:
        shared: {capacity: 5, key: route, store: redis}
      route-files: [routes.yaml]
      stacks:
        limited:
          - rate-limit: {policy: shared}
      """;
  private static final String ROUTES =
      """
      routes:
        - {id: r, method: GET, path: /, stack: limited, static: {body: ok}}
      """;

  @Test
  void aRedisPasswordInABadRedisUrlIsNotPrinted(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, GATEWAY.formatted("redis://:S3cr3tPw@redis host:6379"));
    Files.writeString(dir.resolve("routes.yaml"), ROUTES);
    CliRun r = CliRun.of("validate-config", "-c", config.toString());
    assertThat(r.out(), r.code(), is(1));
    assertThat(r.out(), containsString("redis.url is not a Redis URL"));
    assertThat(r.out(), not(containsString("S3cr3tPw")));
    assertThat(r.err(), not(containsString("S3cr3tPw")));
  }

  @Test
  void aUserAndPasswordAreStrippedFromATracingEndpointWithAnError(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        server: {host: 127.0.0.1, port: 0}
        telemetry:
          tracing: {enabled: true, endpoint: "http://otel:Pa55word@collector:4318/v1 traces"}
        route-files: [routes.yaml]
        stacks: {plain: []}
        """);
    Files.writeString(
        dir.resolve("routes.yaml"),
        "routes:\n  - {id: r, method: GET, path: /, stack: plain, static: {body: ok}}\n");
    CliRun r = CliRun.of("validate-config", "-c", config.toString());
    assertThat(r.out(), r.code(), is(1));
    assertThat(r.out(), containsString("/telemetry/tracing/endpoint"));
    assertThat(r.out(), not(containsString("Pa55word")));
  }
}
