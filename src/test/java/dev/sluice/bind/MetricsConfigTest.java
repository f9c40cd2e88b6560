package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.TelemetrySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                      metrics: {enabled: false, path: /internal/metrics, port: 9464, host: 0.0.0.0}
                    """)
            .gateway()
            .telemetry()
            .metrics();
    assertThat(
        m, is(new TelemetrySpec.Metrics(false, "/internal/metrics", Optional.of(9464), "0.0.0.0")));
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

  @Test
  void aRouteUnderTheMetricsPathOnTheSamePortIsAnErrorAtItsPath() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        BASE.replace("port: 0", "port: 8080") + "telemetry: {metrics: {path: /metrics}}\n");
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - {id: m, method: GET, path: /metrics, stack: bare, static: {body: x}}
          - {id: sub, method: GET, path: /metrics/extra, stack: bare, static: {body: x}}
          - {id: ok, method: GET, path: /metricsx, stack: bare, static: {body: x}}
        """);
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    List<String> errors =
        ((LoadResult.Invalid) r)
            .errors().stream().map(e -> e.line() + ":" + e.pointer() + ": " + e.message()).toList();
    String tail =
        " is served by the metrics endpoint (telemetry.metrics.path /metrics), so this route would"
            + " never be reached; move the route, or give the metrics another path or a port of"
            + " their own (telemetry.metrics.port)";
    assertThat(
        errors,
        contains("2:/routes/0/path: /metrics" + tail, "3:/routes/1/path: /metrics/extra" + tail));
    // with a port of their own, /metrics on the traffic port is a path like any other
    Files.writeString(
        dir.resolve("gateway.yaml"),
        BASE.replace("port: 0", "port: 8080") + "telemetry: {metrics: {port: 9464}}\n");
    assertThat(
        new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml")),
        instanceOf(LoadResult.Loaded.class));
  }

  @Test
  void theMetricsPortCannotBeTheServerPort() throws Exception {
    LoadResult r =
        loadResult(BASE.replace("port: 0", "port: 8080") + "telemetry: {metrics: {port: 8080}}\n");
    assertThat(
        ((LoadResult.Invalid) r).errors().stream().map(e -> e.message()).toList(),
        contains(
            "the metrics port is server.port (8080); give the metrics another port, or leave port"
                + " out to serve them on server.port at /metrics"));
  }

  /** Issue 18: /metrics is never public on a traffic port that other machines reach. */
  @Test
  void aTrafficPortOffLoopbackNeedsTheMetricsOnAPortOfTheirOwn() throws Exception {
    for (String host : new String[] {"0.0.0.0", "\"::\"", "10.1.2.3", "gateway.example"}) {
      LoadResult r = loadResult(BASE.replace("{port: 0}", "{host: " + host + ", port: 0}"));
      assertThat(
          host,
          ((LoadResult.Invalid) r)
              .errors().stream().map(e -> e.pointer() + ": " + e.message()).toList(),
          contains(
              "/server/host: server.host "
                  + host.replace("\"", "")
                  + " is reachable from other machines, and the metrics (/metrics) and the detailed"
                  + " readiness checks would be served there to anyone: give them a port of their"
                  + " own (telemetry.metrics.port, which listens on 127.0.0.1 unless"
                  + " telemetry.metrics.host says otherwise), or set telemetry.metrics.enabled:"
                  + " false"));
      String withPort = BASE.replace("{port: 0}", "{host: " + host + ", port: 0}");
      TelemetrySpec.Metrics m =
          load(withPort + "telemetry: {metrics: {port: 9464}}\n").gateway().telemetry().metrics();
      assertThat(m.host(), is("127.0.0.1")); // the metrics stay on loopback unless told
      assertThat(m.ownPort(), is(Optional.of(9464)));
      load(withPort + "telemetry: {metrics: {enabled: false}}\n");
    }
    for (String host :
        new String[] {"127.0.0.1", "127.1.2.3", "localhost", "\"::1\"", "\"[::1]\""}) {
      load(BASE.replace("{port: 0}", "{host: " + host + ", port: 0}"));
    }
    assertThat(load(BASE).gateway().server().host(), is("127.0.0.1"));
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
