package dev.sluice.deploy;

import static dev.sluice.deploy.KubernetesManifestsIT.list;
import static dev.sluice.deploy.KubernetesManifestsIT.map;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ServerSpec;
import dev.sluice.spec.TelemetrySpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Compose itself reads it ({@code config}, with no environment variables and
 * an empty env file), checked against the image the Dockerfile builds, the config Sluice loads with
 * the service's environment, and the Prometheus, collector and Grafana files it mounts.
 */
class ComposeFileIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static Map<String, Object> services;
  private static Map<String, Object> sluice;
  private static Dockerfile image;
  private static ServerSpec server;
  private static TelemetrySpec telemetry;
  private static Map<String, String> serviceEnv;

  /** docker-compose (Debian's 1.29) or docker's compose plugin, with the arguments. */
  private static Command compose(String... args) throws Exception {
    Path emptyEnv = Files.createTempFile("sluice-empty", ".env");
    try {
      List<String> cmd = new ArrayList<>();
      Path v1 = Command.onPath("docker-compose");
      if (v1 != null) {
        cmd.add(v1.toString());
      } else {
        Path docker = Command.onPath("docker");
        if (docker == null || Command.run(docker.toString(), "compose", "version").code() != 0) {
          throw new AssertionError(
              "neither docker-compose nor docker compose is installed (ci/services.sh installs"
                  + " Debian's docker-compose)");
        }
        cmd.addAll(List.of(docker.toString(), "compose"));
      }
      cmd.addAll(List.of("--env-file", emptyEnv.toString()));
      cmd.addAll(List.of(args));
      // No environment but PATH and HOME: every ${VAR} in the file must have its default.
      return Command.run(
          Map.of(
              "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
              "HOME", System.getProperty("user.home")),
          true,
          cmd.toArray(String[]::new));
    } finally {
      Files.deleteIfExists(emptyEnv);
    }
  }

  @BeforeAll
  static void readAsComposeDoes() throws Exception {
    Command r = compose("config");
    assertThat(r.both(), r.code(), is(0));
    services = map(map(new Yaml().load(r.out())).get("services"));
    sluice = map(services.get("sluice"));
    image = Dockerfile.read(ROOT.resolve("Dockerfile"));
    serviceEnv = new HashMap<>(image.env());
    map(sluice.get("environment")).forEach((k, v) -> serviceEnv.put(k, String.valueOf(v)));
    // With the key's SHA-256 exported, as docs/containers.md says to run it.
    Map<String, String> env = new HashMap<>(serviceEnv);
    env.put("SLUICE_API_KEY_SHA256", KubernetesManifestsIT.STAND_IN_KEY_SHA256);
    LoadResult loaded =
        new ConfigLoader(Environment.of(env)).load(ROOT.resolve("config/gateway.yaml"));
    assertThat(String.valueOf(loaded), loaded instanceof LoadResult.Loaded, is(true));
    server = ((LoadResult.Loaded) loaded).snapshot().gateway().server();
    telemetry = ((LoadResult.Loaded) loaded).snapshot().gateway().telemetry();
  }

  @Test
  void composeAcceptsTheFileWithNoEnvironmentAndNoEnvFile() throws Exception {
    Command r = compose("config", "-q");
    assertThat(r.both(), r.code(), is(0));
    assertThat("no warning such as an unset variable", r.err().strip(), is(""));
    assertThat(
        services.keySet(),
        containsInAnyOrder(
            "sluice", "postgres", "redis", "otel-collector", "jaeger", "prometheus", "grafana"));
  }

  @Test
  void withoutAnApiKeyExportedSluiceRefusesItsConfig() throws Exception {
    // Compose passes the variable through with an empty default (so `config` needs no variable);
    // the gateway refuses an empty one and names it.
    assertThat(serviceEnv.get("SLUICE_API_KEY_SHA256"), is(""));
    LoadResult asIs =
        new ConfigLoader(Environment.of(serviceEnv)).load(ROOT.resolve("config/gateway.yaml"));
    assertThat(asIs instanceof LoadResult.Invalid, is(true));
    assertThat(
        String.valueOf(((LoadResult.Invalid) asIs).errors()),
        containsString("SLUICE_API_KEY_SHA256"));
  }

  @Test
  void sluiceRunsTheDockerfilesImageLimitedAndReadOnly() {
    assertThat(map(sluice.get("build")).get("context"), is(ROOT.toString()));
    assertThat(bytes(sluice.get("mem_limit")), is(256L * 1024 * 1024));
    assertThat(sluice.get("read_only"), is(true));
    String tmp =
        ((List<?>) sluice.get("tmpfs"))
            .stream()
                .map(String::valueOf)
                .filter(t -> t.startsWith("/tmp:") || t.equals("/tmp"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tmpfs on /tmp"));
    assertThat("Netty loads native libraries from /tmp", tmp, containsString("exec"));
    assertThat(tmp, not(containsString("noexec")));
    assertThat(String.valueOf(sluice.get("cap_drop")), is("[ALL]"));
  }

  @Test
  void configAndRoutesAreMountedReadOnlyWhereTheImageReadsThem() {
    List<Mount> mounts = mounts(sluice);
    String configDir = Path.of(image.env().get("SLUICE_CONFIG")).getParent().toString();
    assertThat(mounts, hasItem(new Mount(ROOT.resolve("config").toString(), configDir, true)));
    assertThat(
        mounts,
        hasItem(
            new Mount(
                ROOT.resolve("routes").toString(),
                Path.of(configDir).resolveSibling("routes").toString(),
                true)));
  }

  @Test
  void sluiceListensOnItsPublishedPortsOnEveryInterface() {
    assertThat(Set.of("0.0.0.0", "::").contains(server.host()), is(true));
    assertThat(Set.of("0.0.0.0", "::").contains(telemetry.metrics().host()), is(true));
    List<Integer> targets = new ArrayList<>();
    for (Object p : (List<?>) sluice.get("ports")) {
      targets.add(
          p instanceof Map<?, ?> m
              ? Integer.parseInt(String.valueOf(m.get("target")))
              : Integer.parseInt(String.valueOf(p).replaceAll(".*:|/.*", "")));
    }
    assertThat(targets, hasItem(server.port()));
    assertThat(targets, hasItem(telemetry.metrics().ownPort().orElseThrow()));
  }

  @Test
  void everyPublishedPortIsOnTheHostsLoopback() {
    // A development stack: default passwords, anonymous Grafana. Nothing of it on the network.
    for (Map.Entry<String, Object> s : services.entrySet()) {
      for (Object p : (List<?>) map(s.getValue()).getOrDefault("ports", List.of())) {
        String hostIp =
            p instanceof Map<?, ?> m
                ? String.valueOf(m.get("host_ip"))
                : String.valueOf(p).replaceAll(":[^:]*:[^:]*$", "");
        assertThat(s.getKey() + " publishes " + p, hostIp, is("127.0.0.1"));
      }
    }
  }

  @Test
  void healthyMeansReadyAndStoppingOutlastsTheDrain() throws Exception {
    Map<String, Object> health = map(sluice.get("healthcheck"));
    List<?> test = (List<?>) health.get("test");
    assertThat(test.get(0), is("CMD"));
    assertThat(test.get(1), is("/opt/sluice/bin/healthcheck"));
    assertThat(test.get(2), is("/readyz"));
    assertThat(Files.isExecutable(ROOT.resolve("deploy/container/healthcheck")), is(true));
    long drainAndGrace = server.drainDelay().plus(server.grace()).toSeconds();
    assertThat(
        "stop_grace_period vs drain-delay + grace",
        seconds(sluice.get("stop_grace_period")),
        greaterThan(drainAndGrace));
  }

  @Test
  void dependenciesAreWaitedForUntilHealthy() {
    Map<String, Object> dependsOn = map(sluice.get("depends_on"));
    assertThat(map(dependsOn.get("postgres")).get("condition"), is("service_healthy"));
    assertThat(map(dependsOn.get("redis")).get("condition"), is("service_healthy"));
    for (Map.Entry<String, Object> s : services.entrySet()) {
      for (Map.Entry<String, Object> d : map(map(s.getValue()).get("depends_on")).entrySet()) {
        if ("service_healthy".equals(map(d.getValue()).get("condition"))) {
          assertThat(
              s.getKey() + " waits for " + d.getKey() + " to be healthy: it needs a healthcheck",
              map(services.get(d.getKey())).get("healthcheck"),
              is(notNullValue()));
        }
      }
    }
  }

  @Test
  void postgresIsCreatedFromTheUsersExampleAndSluicePointsAtIt() {
    Map<String, Object> postgres = map(services.get("postgres"));
    List<Mount> mounts = mounts(postgres);
    assertThat(
        mounts,
        hasItem(
            new Mount(
                ROOT.resolve("examples/users/schema.sql").toString(),
                "/docker-entrypoint-initdb.d/01-schema.sql",
                true)));
    assertThat(
        mounts,
        hasItem(
            new Mount(
                ROOT.resolve("examples/users/seed.sql").toString(),
                "/docker-entrypoint-initdb.d/02-seed.sql",
                true)));
    Map<String, Object> pgEnv = map(postgres.get("environment"));
    Map<String, Object> env = map(sluice.get("environment"));
    assertThat(
        env.get("SLUICE_DB_URL"),
        is("jdbc:postgresql://postgres:5432/" + pgEnv.get("POSTGRES_DB")));
    assertThat(env.get("SLUICE_DB_USER"), is(pgEnv.get("POSTGRES_USER")));
    assertThat(env.get("SLUICE_DB_PASSWORD"), is(pgEnv.get("POSTGRES_PASSWORD")));
  }

  @Test
  void prometheusScrapesSluicesMetricsEndpoint() throws Exception {
    Path file = ROOT.resolve("deploy/compose/prometheus.yml");
    Path promtool = Command.require("promtool", "ci/services.sh installs Debian's prometheus");
    Command check = Command.run(promtool.toString(), "check", "config", file.toString());
    assertThat(check.both(), check.code(), is(0));
    assertThat(
        mounts(map(services.get("prometheus"))),
        hasItem(new Mount(file.toString(), "/etc/prometheus/prometheus.yml", true)));
    Map<String, Object> job =
        list(map(new Yaml().load(Files.readString(file))).get("scrape_configs")).stream()
            .filter(j -> "sluice".equals(j.get("job_name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no job sluice"));
    assertThat(job.get("metrics_path"), is(telemetry.metrics().path()));
    int port = telemetry.metrics().port().orElse(server.port());
    assertThat(
        map(list(job.get("static_configs")).get(0)).get("targets"), is(List.of("sluice:" + port)));
  }

  @Test
  void tracesGoToTheCollectorAndOnToJaeger() throws Exception {
    Map<String, Object> env = map(sluice.get("environment"));
    assertThat(env.get("SLUICE_TRACING"), is("true"));
    URI endpoint = URI.create(String.valueOf(env.get("SLUICE_OTLP_ENDPOINT")));
    assertThat(endpoint.getHost(), is("otel-collector"));
    Path file = ROOT.resolve("deploy/compose/otel-collector.yaml");
    assertThat(
        mounts(map(services.get("otel-collector"))),
        hasItem(new Mount(file.toString(), "/etc/otelcol/config.yaml", true)));
    Map<String, Object> collector = map(new Yaml().load(Files.readString(file)));
    String http =
        (String)
            map(map(map(map(collector.get("receivers")).get("otlp")).get("protocols")).get("http"))
                .get("endpoint");
    assertThat(http, is("0.0.0.0:" + endpoint.getPort()));
    Map<String, Object> jaeger = map(map(collector.get("exporters")).get("otlp/jaeger"));
    assertThat(jaeger.get("endpoint"), is("jaeger:4317"));
    Map<String, Object> traces =
        map(map(map(collector.get("service")).get("pipelines")).get("traces"));
    assertThat(String.valueOf(traces.get("exporters")), containsString("otlp/jaeger"));
    assertThat(services.keySet(), hasItem("jaeger"));
  }

  @Test
  void grafanaProvisionsPrometheusAndTheDashboard() throws Exception {
    List<Mount> mounts = mounts(map(services.get("grafana")));
    Path provisioning = ROOT.resolve("deploy/compose/grafana/provisioning");
    Path dashboards = ROOT.resolve("deploy/compose/grafana/dashboards");
    assertThat(
        mounts, hasItem(new Mount(provisioning.toString(), "/etc/grafana/provisioning", true)));
    Mount dashboardMount =
        mounts.stream()
            .filter(m -> m.source().equals(dashboards.toString()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the dashboards are not mounted"));
    Map<String, Object> provider =
        list(map(new Yaml().load(Files.readString(provisioning.resolve("dashboards/sluice.yaml"))))
                .get("providers"))
            .get(0);
    assertThat(map(provider.get("options")).get("path"), is(dashboardMount.target()));
    Map<String, Object> datasource =
        list(map(new Yaml()
                    .load(Files.readString(provisioning.resolve("datasources/prometheus.yaml"))))
                .get("datasources"))
            .get(0);
    assertThat(datasource.get("url"), is("http://prometheus:9090"));
    String dashboard = Files.readString(dashboards.resolve("sluice.json"));
    assertThat(dashboard, containsString("\"uid\": \"" + datasource.get("uid") + "\""));
  }

  @Test
  void everyFileMountedFromTheRepositoryExists() {
    for (Map.Entry<String, Object> s : services.entrySet()) {
      for (Mount m : mounts(map(s.getValue()))) {
        if (m.source().startsWith("/")) {
          assertThat(
              s.getKey() + " mounts " + m.source(), Files.exists(Path.of(m.source())), is(true));
        }
      }
    }
  }

  // --- Compose's two ways of writing things --------------------------------------------------

  record Mount(String source, String target, boolean readOnly) {}

  /** Volumes in short ("src:dst:ro", Compose 1) or long form (Compose 2's config output). */
  private static List<Mount> mounts(Map<String, Object> service) {
    List<Mount> mounts = new ArrayList<>();
    for (Object v : (List<?>) service.getOrDefault("volumes", List.of())) {
      if (v instanceof Map<?, ?> m) {
        mounts.add(
            new Mount(
                String.valueOf(m.get("source")),
                String.valueOf(m.get("target")),
                Boolean.TRUE.equals(m.get("read_only"))));
      } else {
        String[] parts = String.valueOf(v).split(":");
        mounts.add(new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro")));
      }
    }
    return mounts;
  }

  /** "256m" (Compose 1) or 268435456 (Compose 2). */
  private static long bytes(Object value) {
    String s = String.valueOf(value).toLowerCase(java.util.Locale.ROOT);
    long unit =
        switch (s.charAt(s.length() - 1)) {
          case 'k' -> 1024L;
          case 'm' -> 1024L * 1024;
          case 'g' -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
  }

  /** "45s" or "1m30s" (Compose 1 and 2 print durations so). */
  private static long seconds(Object value) {
    return java.time.Duration.parse("PT" + String.valueOf(value).toUpperCase(java.util.Locale.ROOT))
        .toSeconds();
  }
}
