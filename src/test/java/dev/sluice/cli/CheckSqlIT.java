package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sluice.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code validate-config --check-sql} against a real PostgreSQL, as an operator runs it, on each
 * driver.
 */
class CheckSqlIT {
  private static final String CONFIG = "src/test/resources/configs/sql/gateway.yaml";

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "pipelined"})
  void typoInRouteSqlIsReportedAtTheRouteFileLine(String driver) throws Exception {
    try (TestDatabase db = TestDatabase.createUsers()) {
      SluiceProcess.Result r =
          SluiceProcess.run(
              Map.of("SLUICE_DB_URL", db.url(), "SLUICE_PORT", "0", "SLUICE_DB_DRIVER", driver),
              "validate-config",
              "--check-sql",
              "-c",
              CONFIG);
      assertThat(r.out() + r.err(), r.code(), is(1));
      assertThat(
          r.out(),
          is(
              "src/test/resources/configs/sql/routes/misbehaving.yaml:8:14: /routes/0/sql/query:"
                  + " the database rejects this statement: column \"nme\" does not exist"
                  + " (SQLSTATE 42703)\n"
                  + "1 error in 1 file.\n"));
      // Netty's native library loads without the JDK's warning (the jar's Enable-Native-Access)
      assertThat(r.err(), not(containsString("restricted method")));
    }
  }

  @Test
  void serveStrictExits1WhenTheDatabaseRejectsAStatement() throws Exception {
    try (TestDatabase db = TestDatabase.createUsers()) {
      SluiceProcess.Result r =
          SluiceProcess.run(
              Map.of("SLUICE_DB_URL", db.url(), "SLUICE_PORT", "0"),
              "serve",
              "--strict",
              "-c",
              CONFIG);
      assertThat(r.out() + r.err(), r.code(), is(1));
      assertThat(
          r.err(),
          containsString(
              "src/test/resources/configs/sql/routes/misbehaving.yaml:8:14: /routes/0/sql/query:"
                  + " the database rejects this statement: column \"nme\" does not exist"
                  + " (SQLSTATE 42703)\n"
                  + "1 error in 1 file.\n"));
      assertThat(r.out(), containsString("not serving (--strict)"));
      assertThat(r.out(), not(containsString("\"listening\"")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "pipelined"})
  void withoutCheckSqlTheSameConfigIsValid(String driver) throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(
            Map.of(
                "SLUICE_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/none",
                "SLUICE_PORT",
                "0",
                "SLUICE_DB_DRIVER",
                driver),
            "validate-config",
            "-c",
            CONFIG);
    assertThat(r.err(), r.code(), is(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "pipelined"})
  void unreachableDatabaseIsReportedAtTheDatasource(String driver) throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(
            Map.of(
                "SLUICE_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/none",
                "SLUICE_PORT",
                "0",
                "SLUICE_DB_DRIVER",
                driver),
            "validate-config",
            "--check-sql",
            "-c",
            CONFIG);
    assertThat(r.code(), is(1));
    assertThat(
        r.out(),
        containsString(
            "src/test/resources/configs/sql/gateway.yaml:12:5: /datasources/main: cannot check SQL on this datasource: "));
    // with the driver's reason, so the operator knows what to fix (the datasource health's
    // one-connection probe gives it, whichever driver serves the statements)
    assertThat(r.out(), containsString("Connection to 127.0.0.1:1 refused"));
  }
}
