package dev.sluice.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code telemetry.metrics}: defaults, binding, and the schema's messages. */
class MetricsConfigTest {
  private static final String BASE =
      """
      server: {port: 0}
      route-files: [routes.yaml]
      stacks: {bare: []}
      """;

  @TempDir Path dir;

  @Test
  void absentMeansMetricsOnAtSlashMetricsOnTheServerPort() throws Exception {
    assertThat(load(BASE).gateway().telemetry(), is(TelemetrySpec.defaults()));
  }

  @Test
  void bindsEveryKey() throws Exception {
    TelemetrySpec.Metrics m =
        load(BASE
                + """
                    telemetry:
                      metrics: {enabled: false, path: /internal/metrics, port: 9464}
                    """)
            .gateway()
            .telemetry()
            .metrics();
    assertThat(m, is(new TelemetrySpec.Metrics(false, "/internal/metrics", Optional.of(9464))));
  }

  @Test
  void badValuesAreReportedInSluiceWords() throws Exception {
    LoadResult r =
        loadResult(
            BASE
                + """
                telemetry:
                  metrics: {path: metrics, port: 70000, enabeld: true}
                  traces: {}
                """);
    assertThat(
        ((LoadResult.Invalid) r)
            .errors().stream().map(e -> e.pointer() + ": " + e.message()).sorted().toList(),
        contains(
            "/telemetry/metrics/enabeld: unknown key \"enabeld\" (did you mean \"enabled\"?)",
            "/telemetry/metrics/path: path is an absolute path such as /metrics: segments of"
                + " letters, digits, '.', '_', '~' and '-'",
            "/telemetry/metrics/port: port is a whole number from 0 to 65535 (0 picks a free port)",
            "/telemetry/traces: unknown key \"traces\"; allowed: metrics, tracing, logs"));
  }

  private ConfigSnapshot load(String yaml) throws Exception {
    LoadResult r = loadResult(yaml);
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors().toString());
    }
    return ((LoadResult.Loaded) r).snapshot();
  }

  private LoadResult loadResult(String yaml) throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), yaml);
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    return new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
  }
}
