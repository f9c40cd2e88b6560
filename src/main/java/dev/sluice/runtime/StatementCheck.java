package dev.sluice.runtime;

import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.sql.Datasources;
import dev.sluice.runtime.sql.SqlHandler;
import dev.sluice.spec.ConfigError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every SQL route's statement, described by its database (see {@link
 * GatewayRuntime#checkStatements}).
 */
final class StatementCheck {
  private StatementCheck() {}

  static List<ConfigError> run(
      GatewayRuntime runtime,
      Datasources datasources,
      Duration connectTimeout,
      boolean reportUnreachable) {
    List<ConfigError> errors = new ArrayList<>();
    try {
      datasources.open();
    } catch (SQLException e) {
      errors.add(
          new ConfigError(
              runtime.snapshot().files().get(0),
              1,
              1,
              "/datasources",
              "cannot open: " + e.getMessage()));
      return errors;
    }
    List<String> unreachable = new ArrayList<>();
    for (Datasource d : datasources.all()) {
      Optional<String> down = d.pingExplained(connectTimeout);
      if (down.isPresent()) {
        unreachable.add(d.name());
        if (reportUnreachable) {
          errors.add(d.spec().origin().error("cannot check SQL on this datasource: " + down.get()));
        }
      }
    }
    for (RuntimeRoute r : runtime.routes()) {
      if (r.handler() instanceof SqlHandler sql && !unreachable.contains(sql.datasourceName())) {
        String m = r.spec().method();
        errors.addAll(sql.check(m.equals("GET") || m.equals("HEAD")));
      }
    }
    return errors.stream().distinct().sorted().toList();
  }
}
