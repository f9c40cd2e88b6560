package dev.sluice.cli;

import dev.sluice.runtime.RouteTable;
import dev.sluice.runtime.RuntimeRoute;
import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.sql.SqlHandler;
import dev.sluice.spec.ConfigError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code validate-config --check-sql}: every SQL route's statement, described by its database. */
final class SqlCheck {
  private static final Duration CONNECT = Duration.ofSeconds(5);

  private SqlCheck() {}

  static List<ConfigError> run(RouteTable table) {
    List<ConfigError> errors = new ArrayList<>();
    try {
      table.datasources().open();
      List<String> unreachable = new ArrayList<>();
      for (Datasource d : table.datasources().all()) {
        Optional<String> down = d.pingExplained(CONNECT);
        if (down.isPresent()) {
          unreachable.add(d.name());
          errors.add(d.spec().origin().error("cannot check SQL on this datasource: " + down.get()));
        }
      }
      for (RuntimeRoute r : table.routes()) {
        if (r.handler() instanceof SqlHandler sql && !unreachable.contains(sql.datasourceName())) {
          String m = r.spec().method();
          errors.addAll(sql.check(m.equals("GET") || m.equals("HEAD")));
        }
      }
    } catch (SQLException e) {
      errors.add(
          new ConfigError(
              table.snapshot().files().get(0),
              1,
              1,
              "/datasources",
              "cannot open: " + e.getMessage()));
    } finally {
      table.datasources().close();
    }
    return errors.stream().distinct().sorted().toList();
  }
}
