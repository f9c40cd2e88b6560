package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An init script the embedded database refuses is one line naming the datasource and the file. */
class EmbeddedInitTest {
  @Test
  void aFailingInitScriptIsNamedInOneLine(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("schema.sql");
    Files.writeString(script, "CREATE TABLE t (\n  at no_such_type\n);\n");
    Datasource d =
        new Datasource(
            new DatasourceSpec(
                "main",
                "",
                "",
                "",
                1,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Optional.of(List.of(script)),
                new Origin("gateway.yaml", 1, 1, "/datasources/main")));
    SQLException e = assertThrows(SQLException.class, d::open);
    assertThat(
        e.getMessage(),
        is(
            "datasource \"main\": the embedded database's init script "
                + script
                + " failed: Unknown data type: \"NO_SUCH_TYPE\""));
  }
}
