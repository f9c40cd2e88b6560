package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Origin;
import dev.sluice.spec.SqlSpec;
import dev.sluice.sqltext.NamedSql;
import dev.sluice.sqltext.SqlTextException;
import dev.sluice.units.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Binds a route's {@code sql:} handler: the datasource's name, the query parsed into named
 * parameters and checked against the route's {@code params}, the result shape and its status.
 */
final class SqlRouteBinder {
  private SqlRouteBinder() {}

  static Optional<SqlSpec> bind(
      YamlDocument doc, String routeAt, RouteBinder.Names names, List<ConfigError> errors) {
    String at = routeAt + "/sql";
    JsonNode s = doc.root().at(at);
    String datasource = s.path("datasource").asText();
    checkDatasource(doc, at, names, errors);
    Optional<NamedSql> sql = checkedQuery(doc, routeAt, true, errors);
    if (sql.isEmpty()) {
      return Optional.empty();
    }
    SqlSpec.Result result =
        SqlSpec.Result.valueOf(s.path("result").asText("many").toUpperCase(java.util.Locale.ROOT));
    int status = s.path("status").asInt(result == SqlSpec.Result.NONE ? 204 : 200);
    if (result == SqlSpec.Result.NONE && status != 204) {
      errors.add(
          doc.origin(at + "/status").error("result: none answers 204 No Content; remove status"));
    }
    if (result != SqlSpec.Result.NONE && status == 204) {
      errors.add(doc.origin(at + "/status").error("a 204 response has no body; use result: none"));
    }
    if (s.path("not-found-when-empty").asBoolean(false) && result != SqlSpec.Result.NONE) {
      errors.add(
          doc.origin(at + "/not-found-when-empty")
              .error("only for result: none (result: one already answers 404 without a row)"));
    }
    List<String> returning = new ArrayList<>();
    s.path("returning").forEach(n -> returning.add(n.asText()));
    return Optional.of(
        new SqlSpec(
            datasource,
            sql.get(),
            result,
            status,
            returning,
            s.path("max-rows").asInt(SqlSpec.DEFAULT_MAX_ROWS),
            s.has("timeout")
                ? Optional.of(Durations.duration(s.get("timeout").asText()))
                : Optional.empty(),
            s.path("numbers").asText("number").equals("string"),
            s.path("not-found-when-empty").asBoolean(false),
            doc.origin(at + "/query"),
            doc.origin(at + "/datasource"),
            doc.origin(at + (s.has("timeout") ? "/timeout" : "/query"))));
  }

  private static void checkDatasource(
      YamlDocument doc, String at, RouteBinder.Names names, List<ConfigError> errors) {
    String datasource = doc.root().at(at).path("datasource").asText();
    if (!names.datasources().contains(datasource)) {
      errors.add(
          doc.origin(at + "/datasource")
              .error(CrossChecks.unknown("datasource", datasource, names.datasources())));
    }
  }

  /**
   * The route's query parsed, or empty with an error at the query when it does not parse; when it
   * parses and {@code paramsReadable}, also checked against the route's {@code params}.
   */
  private static Optional<NamedSql> checkedQuery(
      YamlDocument doc, String routeAt, boolean paramsReadable, List<ConfigError> errors) {
    Origin query = doc.origin(routeAt + "/sql/query");
    NamedSql sql;
    try {
      sql = NamedSql.parse(doc.root().at(routeAt + "/sql/query").asText());
    } catch (SqlTextException e) {
      errors.add(query.error(e.getMessage()));
      return Optional.empty();
    }
    if (paramsReadable) {
      SqlParameterUse.check(sql.names(), declaredParams(doc, routeAt), query, errors);
    }
    return Optional.of(sql);
  }

  /**
   * For an unbound route's {@code sql:} block: the datasource's name, that the query parses, and
   * that it and the route's {@code params} agree, for the parts without errors of their own.
   */
  static void checkUnbound(
      YamlDocument doc,
      String at,
      RouteBinder.Names names,
      Predicate<String> hasError,
      boolean paramsReadable,
      List<ConfigError> errors) {
    JsonNode s = doc.root().at(at + "/sql");
    if (s.path("datasource").isTextual() && !hasError.test(at + "/sql/datasource")) {
      checkDatasource(doc, at + "/sql", names, errors);
    }
    if (s.path("query").isTextual() && !hasError.test(at + "/sql/query")) {
      checkedQuery(doc, at, paramsReadable, errors);
    }
  }

  /**
   * The names under the route's {@code params}, each with where it is declared — as written, so
   * that a parameter whose definition has an error of its own still counts as declared.
   */
  private static Map<String, Origin> declaredParams(YamlDocument doc, String at) {
    Map<String, Origin> declared = new LinkedHashMap<>();
    doc.root()
        .at(at)
        .path("params")
        .fieldNames()
        .forEachRemaining(
            name ->
                declared.put(name, doc.origin(at + "/params/" + MiddlewareBinder.escape(name))));
    return declared;
  }
}
