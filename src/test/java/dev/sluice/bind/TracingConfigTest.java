package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.TelemetrySpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code telemetry:} in gateway.yaml: defaults, binding, variables, and the schema's words. */
class TracingConfigTest {
  @TempDir Path dir;

  @Test
  void withoutTheSectionNothingIsExported() throws Exception {
    TelemetrySpec t = load("", Map.of()).gateway().telemetry();

    assertThat(t, is(TelemetrySpec.defaults()));
    assertThat(t.tracing().enabled(), is(false));
    assertThat(t.tracing().endpoint(), is(URI.create("http://localhost:4318/v1/traces")));
    assertThat(t.tracing().samplerRatio(), is(1.0));
    assertThat(t.tracing().serviceName(), is("sluice"));
    assertThat(t.logs().export(), is(TelemetrySpec.Export.NONE));
  }

  @Test
  void everyKeyIsBound() throws Exception {
    TelemetrySpec t =
        load(
                """
                telemetry:
                  tracing:
                    enabled: true
                    endpoint: https://collector.internal:4318/v1/traces
                    sampler-ratio: 0.25
                    service-name: edge-gateway
                  logs:
                    export: otlp
                    endpoint: https://collector.internal:4318/v1/logs
                """,
                Map.of())
            .gateway()
            .telemetry();

    assertThat(
        t,
        is(
            new TelemetrySpec(
                TelemetrySpec.Metrics.defaults(),
                new TelemetrySpec.Tracing(
                    true,
                    URI.create("https://collector.internal:4318/v1/traces"),
                    0.25,
                    "edge-gateway"),
                new TelemetrySpec.Logs(
                    TelemetrySpec.Export.OTLP,
                    URI.create("https://collector.internal:4318/v1/logs")))));
  }

  @Test
  void variablesToggleTracingWithTheirTypes() throws Exception {
    String yaml =
        """
        telemetry:
          tracing:
            enabled: ${SLUICE_TRACING:-false}
            sampler-ratio: ${RATIO:-1.0}
        """;

    assertThat(load(yaml, Map.of()).gateway().telemetry().tracing().enabled(), is(false));
    TelemetrySpec.Tracing on =
        load(yaml, Map.of("SLUICE_TRACING", "true", "RATIO", "0.5"))
            .gateway()
            .telemetry()
            .tracing();
    assertThat(on.enabled(), is(true));
    assertThat(on.samplerRatio(), is(0.5));
  }

  @Test
  void mistakesAreNamedWithTheirPlace() throws Exception {
    List<String> errors =
        errors(
            """
            telemetry:
              tracing:
                enabled: yes please
                endpoint: localhost:4318
                sampler-ratio: 2
                service-name: " "
                exporter: otlp
              logs:
                export: loki
            """);

    assertThat(
        errors,
        contains(
            "gateway.yaml:11:14: /telemetry/tracing/enabled: expected boolean, got string \"yes"
                + " please\"",
            "gateway.yaml:12:15: /telemetry/tracing/endpoint: an OTLP/HTTP URL such as"
                + " http://localhost:4318/v1/traces",
            "gateway.yaml:13:20: /telemetry/tracing/sampler-ratio: sampler-ratio is a number from 0"
                + " (no new traces) to 1 (every trace), e.g. 0.1",
            "gateway.yaml:14:19: /telemetry/tracing/service-name: service-name must not be blank,"
                + " e.g. sluice",
            "gateway.yaml:15:5: /telemetry/tracing/exporter: unknown key \"exporter\"; allowed: enabled,"
                + " endpoint, sampler-ratio, service-name",
            "gateway.yaml:17:13: /telemetry/logs/export: \"loki\" is not one of [none, otlp]"));
  }

  private ConfigSnapshot load(String telemetry, Map<String, String> env) throws Exception {
    LoadResult r = loader(telemetry, env);
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors());
    }
    return ((LoadResult.Loaded) r).snapshot();
  }

  private List<String> errors(String telemetry) throws Exception {
    LoadResult r = loader(telemetry, Map.of());
    return ((LoadResult.Invalid) r)
        .errors().stream()
            .map(ConfigError::format)
            .map(s -> s.substring(s.indexOf("gateway.yaml")))
            .toList();
  }

  private LoadResult loader(String telemetry, Map<String, String> env) throws Exception {
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: root
            method: GET
            path: /
            stack: bare
            static: {body: OK}
        """);
    Path gateway = dir.resolve("gateway.yaml");
    Files.writeString(
        gateway,
        """
        server:
          port: 0
        route-files:
          - routes.yaml
        stacks:
          bare: []
        logging:
          format: json
        """
            + telemetry);
    return new ConfigLoader(Environment.of(env)).load(gateway);
  }
}
