package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.ReloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reload:} and {@code admin:}: defaults, binding and the checks across sections. */
class OperationsConfigTest {
  private static final String BASE =
      """
      server: {port: 8080}
      route-files: [routes.yaml]
      stacks: {bare: [], admins: [request-id]}
      """;

  @TempDir Path dir;

  @Test
  void absentMeansWatchingWithTheDefaultsAndNoAdminApi() throws Exception {
    ConfigSnapshot s = load(BASE);
    assertThat(s.gateway().reload(), is(ReloadSpec.defaults()));
    assertThat(s.gateway().admin(), is(Optional.empty()));
  }

  @Test
  void bindsEveryKey() throws Exception {
    ConfigSnapshot s =
        load(
            BASE
                + """
                reload: {watch: false, debounce: 1s, drain-timeout: 2m}
                admin: {host: 0.0.0.0, port: 9901, stack: admins}
                """);
    assertThat(
        s.gateway().reload(),
        is(new ReloadSpec(false, Duration.ofSeconds(1), Duration.ofMinutes(2))));
    AdminSpec a = s.gateway().admin().orElseThrow();
    assertThat(
        List.of(a.host(), a.port(), a.stack()),
        is(List.of("0.0.0.0", 9901, Optional.of("admins"))));
  }

  @Test
  void theEnvironmentTurnsWatchingOff() throws Exception {
    ConfigSnapshot s =
        load(
            BASE + "reload:\n  watch: ${SLUICE_RELOAD_WATCH:-true}\n",
            Map.of("SLUICE_RELOAD_WATCH", "false"));
    assertThat(s.gateway().reload().watch(), is(false));
  }

  @Test
  void anAdminApiReachableFromOtherHostsNeedsAStackThatExists() throws Exception {
    assertThat(
        errors(
            BASE
                + """
                admin: {host: 0.0.0.0, port: 9901}
                """),
        contains(
            "4:15:/admin/host: the admin API on 0.0.0.0 is reachable from other hosts: give it a"
                + " stack that authenticates (admin: {stack: <name>}), or keep the default host"
                + " 127.0.0.1"));
    assertThat(
        errors(BASE + "admin: {port: 9901, stack: admin}\n"),
        contains("4:28:/admin/stack: unknown stack \"admin\" (did you mean \"admins\"?)"));
    assertThat(
        errors(BASE + "admin: {port: 8080}\n"),
        contains(
            "4:15:/admin/port: the admin port 8080 is already the server's or the metrics' port;"
                + " give the admin API a port of its own"));
    assertThat(errors(BASE + "admin: {host: localhost, port: 9901}\n"), is(List.of()));
    assertThat(errors(BASE + "admin: {host: \"::1\", port: 9901}\n"), is(List.of()));
  }

  @Test
  void theSchemaKnowsTheKeys() throws Exception {
    assertThat(
        errors(BASE + "reload: {wacth: true}\nadmin: {host: 127.0.0.1}\n"),
        contains(
            "4:10:/reload/wacth: unknown key \"wacth\" (did you mean \"watch\"?)",
            "5:8:/admin: missing required key \"port\""));
  }

  private List<String> errors(String yaml) throws Exception {
    LoadResult r = loadResult(yaml, Map.of());
    return r instanceof LoadResult.Invalid i
        ? i.errors().stream()
            .map(e -> e.line() + ":" + e.column() + ":" + e.pointer() + ": " + e.message())
            .toList()
        : List.of();
  }

  private ConfigSnapshot load(String yaml) throws Exception {
    return load(yaml, Map.of());
  }

  private ConfigSnapshot load(String yaml, Map<String, String> env) throws Exception {
    LoadResult r = loadResult(yaml, env);
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors().toString());
    }
    return ((LoadResult.Loaded) r).snapshot();
  }

  private LoadResult loadResult(String yaml, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), yaml);
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    return new ConfigLoader(Environment.of(env)).load(dir.resolve("gateway.yaml"));
  }
}
