package dev.sluice.bind;

import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Origin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * That a route's query and its {@code params} agree: every {@code :name} the query uses is
 * declared, and every declared parameter is used. Run for every route with an SQL handler, bound or
 * not, so these mistakes come in the same run as the route's schema errors.
 */
final class SqlParameterUse {
  private SqlParameterUse() {}

  /**
   * Adds an error for each parameter used but not declared (at the query) and each declared but not
   * used (at its declaration).
   *
   * @param used the names the query uses
   * @param declared each declared parameter's name and where it is declared
   */
  static void check(
      Set<String> used, Map<String, Origin> declared, Origin query, List<ConfigError> errors) {
    for (String name : used) {
      if (!declared.containsKey(name)) {
        errors.add(
            query.error(
                "parameter :"
                    + name
                    + " is used in the query but not declared; add params: {"
                    + name
                    + ": {in: query, type: string}}"));
      }
    }
    declared.forEach(
        (name, origin) -> {
          if (!used.contains(name)) {
            errors.add(
                origin.error(
                    "parameter \"" + name + "\" is declared but the query does not use :" + name));
          }
        });
  }
}
