package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.DatasourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driver:} and {@code pipelined:}: pipelined by default for a PostgreSQL URL it takes, jdbc
 * for the embedded database and any other URL, either when chosen, the environment's choice, and
 * URL parameters the pipelined driver has no option for.
 */
class DatasourceDriverTest {
  private static final String BASE =
      """
      server: {port: 8080}
      route-files: [routes.yaml]
      stacks: {bare: []}
      """;

  @TempDir Path dir;

  @Test
  void pipelinedForPostgresUnlessJdbcIsWrittenAndNeverForTheEmbeddedDatabase() throws Exception {
    Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE t (id int);\n");
    DatasourceSpec pg = datasource("url: jdbc:postgresql://127.0.0.1:5432/app", Map.of());
    assertThat(pg.driver(), is(DatasourceSpec.Driver.PIPELINED));
    DatasourceSpec chosen =
        datasource("url: jdbc:postgresql://127.0.0.1:5432/app\n    driver: jdbc", Map.of());
    assertThat(chosen.driver(), is(DatasourceSpec.Driver.JDBC));
    DatasourceSpec h2 = datasource("url: \"\"\n    embedded: {init: [schema.sql]}", Map.of());
    assertThat(h2.driver(), is(DatasourceSpec.Driver.JDBC));
  }

  @Test
  void theEnvironmentChoosesAndPipelinedSettingsBind() throws Exception {
    String yaml =
        "url: jdbc:postgresql://db/app\n"
            + "    driver: ${SLUICE_DB_DRIVER:-}\n"
            + "    pipelined: {connections: 3, pipelining-limit: 32}";
    assertThat(
        datasource(yaml, Map.of("SLUICE_DB_DRIVER", "jdbc")).driver(),
        is(DatasourceSpec.Driver.JDBC));
    assertThat(datasource(yaml, Map.of()).driver(), is(DatasourceSpec.Driver.PIPELINED));
    DatasourceSpec p = datasource(yaml, Map.of("SLUICE_DB_DRIVER", "pipelined"));
    assertThat(p.driver(), is(DatasourceSpec.Driver.PIPELINED));
    assertThat(p.pipelined(), is(new DatasourceSpec.Pipelined(3, 32)));
  }

  /** Unwritten, a URL the pipelined driver cannot take as written is JDBC's, and no error. */
  @Test
  void aUrlOnlyJdbcTakesDefaultsToJdbc() throws Exception {
    for (String url :
        List.of(
            "jdbc:postgresql://db/app?prepareThreshold=0",
            "jdbc:postgresql://db/app?sslmode=verify-full",
            "jdbc:postgresql://a,b/app",
            "jdbc:postgresql://db/app?options=-c%20x%3Dy%20--foo")) {
      assertThat(url, datasource("url: " + url, Map.of()).driver(), is(DatasourceSpec.Driver.JDBC));
    }
    assertThat(
        datasource("url: jdbc:postgresql://db/app?sslmode=require&ApplicationName=a", Map.of())
            .driver(),
        is(DatasourceSpec.Driver.PIPELINED));
  }

  @Test
  void urlParametersWithoutAPipelinedOptionAreErrors() throws Exception {
    assertThat(
        pipelinedErrors(
            "url: jdbc:postgresql://db/app?user=u&currentSchema=s&ApplicationName=a"
                + "&options=-c%20search_path%3Dx&connectTimeout=3&sslmode=require"),
        is(List.of()));
    assertThat(
        pipelinedErrors("url: jdbc:postgresql://db/app?prepareThreshold=0"),
        contains(
            "6:10:/datasources/main/url: the pipelined driver has no option for the url parameter"
                + " \"prepareThreshold\" (it takes applicationname, connecttimeout, currentschema,"
                + " options, password, sslmode, user); set driver: jdbc to keep it"));
    assertThat(
        pipelinedErrors("url: jdbc:postgresql://db/app?sslmode=verify-full").get(0),
        is(
            "6:10:/datasources/main/url: sslmode=verify-full is not one the pipelined driver has"
                + " (disable, allow, prefer, require); set driver: jdbc for certificate checks"));
    assertThat(
        pipelinedErrors("url: jdbc:postgresql://a,b/app").get(0),
        is(
            "6:10:/datasources/main/url: the pipelined driver takes"
                + " jdbc:postgresql://host[:port]/database with one host; set driver: jdbc for"
                + " this url"));
    assertThat(errors("url: jdbc:postgresql://db/app?prepareThreshold=0"), is(List.of()));
  }

  private DatasourceSpec datasource(String body, Map<String, String> env) throws Exception {
    LoadResult r = load(body, env);
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors().toString());
    }
    return ((LoadResult.Loaded) r).snapshot().gateway().datasources().get("main");
  }

  /** The errors of a pipelined datasource with {@code body}. */
  private List<String> pipelinedErrors(String body) throws Exception {
    return errors(body + "\n    driver: pipelined");
  }

  private List<String> errors(String body) throws Exception {
    LoadResult r = load(body, Map.of());
    return r instanceof LoadResult.Invalid i
        ? i.errors().stream()
            .map(e -> e.line() + ":" + e.column() + ":" + e.pointer() + ": " + e.message())
            .toList()
        : List.of();
  }

  private LoadResult load(String body, Map<String, String> env) throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"), BASE + "datasources:\n  main:\n    " + body + "\n");
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    return new ConfigLoader(Environment.of(env)).load(dir.resolve("gateway.yaml"));
  }
}
