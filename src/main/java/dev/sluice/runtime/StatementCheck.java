package dev.sluice.runtime;

import dev.sluice.log.Log;
import dev.sluice.runtime.sql.ConnectFailure;
import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.sql.Datasources;
import dev.sluice.runtime.sql.SqlHandler;
import dev.sluice.spec.ConfigError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Every SQL route's statement, described by its database: the one code path of {@code
 * validate-config --check-sql}, of a reload, of {@code serve}'s start and of a datasource that
 * connects again ({@link GatewayRuntime#open}). Each route described is marked misconfigured or not
 * ({@link SqlHandler#check}); a route whose datasource is down is left as it was.
 */
final class StatementCheck {
  private static final Logger LOG = Logger.getLogger("sluice.sql");

  private StatementCheck() {}

  /**
   * Describes the statements of the routes on the open datasources {@code which} selects.
   *
   * @param reportUnreachable whether a datasource that is down is an error (at its definition)
   */
  static List<ConfigError> run(
      GatewayRuntime runtime,
      Datasources datasources,
      Predicate<Datasource> which,
      boolean reportUnreachable) {
    List<ConfigError> errors = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (Datasource d : datasources.all()) {
      if (!which.test(d)) {
        continue;
      }
      Optional<ConnectFailure> down = d.health().down();
      if (down.isPresent()) {
        unreachable.add(d.name());
        if (reportUnreachable) {
          errors.add(cannotCheck(d, down.get().explained()));
        }
      }
    }
    for (RuntimeRoute r : runtime.routes()) {
      if (!(r.handler() instanceof SqlHandler sql) || unreachable.contains(sql.datasourceName())) {
        continue;
      }
      Optional<Datasource> d = datasources.get(sql.datasourceName());
      if (d.isEmpty() || !which.test(d.get())) {
        continue;
      }
      String m = r.spec().method();
      Optional<List<ConfigError>> found = sql.check(m.equals("GET") || m.equals("HEAD"));
      if (found.isPresent()) {
        errors.addAll(found.get());
      } else if (reportUnreachable) {
        errors.add(
            cannotCheck(
                d.get(),
                d.get().health().down().map(ConnectFailure::explained).orElse("cannot connect")));
      }
    }
    return errors.stream().distinct().sorted().toList();
  }

  private static ConfigError cannotCheck(Datasource d, String why) {
    return d.spec().origin().error("cannot check SQL on this datasource: " + why);
  }

  /**
   * One ERROR line per statement the database rejects ({@code file:line:column: pointer: message},
   * as validate-config prints it), after one saying what follows.
   */
  static void log(List<ConfigError> errors, String when) {
    if (errors.isEmpty()) {
      return;
    }
    Log.error(
        LOG,
        "the database finds errors in the SQL of some routes ("
            + when
            + "): a route whose statement it rejects answers 500 until the statement is fixed"
            + " and described again (a reload, or the datasource reconnecting)",
        null,
        "errors",
        errors.size());
    for (ConfigError e : errors) {
      Log.error(LOG, e.format(), null);
    }
  }
}
