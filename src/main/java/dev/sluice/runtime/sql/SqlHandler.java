package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.log.Log;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Deadline;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.telemetry.QueryTimer;
import dev.sluice.runtime.telemetry.SqlTracing;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ParamSpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.SqlSpec;
import dev.sluice.sqltext.NamedSql;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code sql:} runs one parameterized statement per request. Everything is prepared when the route
 * is built: the statement text with {@code ?} placeholders, one reader per declared parameter, the
 * order in which values are bound. Per request: read and check every parameter (all violations in
 * one 400, before any connection is taken), take a connection from the read-only pool for GET and
 * HEAD or the read-write pool otherwise, execute, write the rows as JSON into a buffer, return the
 * connection, then send. When the request's deadline ({@code timeout} middleware) passes while the
 * statement runs, the statement is cancelled and the answer is the deadline's 504.
 */
public final class SqlHandler implements Handler {
  private static final Logger LOG = Logger.getLogger("sluice.sql");
  private static final JsonFactory JSON = new JsonFactory();

  private final String routeId;
  private final SqlSpec spec;
  private final Datasource datasource;
  private final String jdbcSql;
  private final String[] returning;
  private final List<ParamReader> readers;
  private final int[] bindOrder;
  private final boolean needsBody;
  private final JsonNumbers numbers;
  private final int timeoutSeconds;
  private final Status status;
  private final SqlTracing tracing;
  private final QueryTimer queryTimer;

  private SqlHandler(
      RouteSpec route,
      SqlSpec spec,
      Datasource datasource,
      NamedSql sql,
      List<ParamReader> readers,
      int[] bindOrder,
      QueryTimer queryTimer) {
    this.routeId = route.id();
    this.queryTimer = queryTimer;
    this.spec = spec;
    this.datasource = datasource;
    this.jdbcSql = sql.jdbcSql();
    this.returning = spec.returning().toArray(String[]::new);
    this.readers = List.copyOf(readers);
    this.bindOrder = bindOrder;
    this.needsBody = readers.stream().anyMatch(r -> r.spec().in().equals("body"));
    this.numbers = spec.numbersAsStrings() ? JsonNumbers.STRING : JsonNumbers.NUMBER;
    this.timeoutSeconds =
        spec.timeout().map(t -> (int) Math.max(1, (t.toMillis() + 999) / 1000)).orElse(0);
    this.status = Status.create(spec.status());
    this.tracing = SqlTracing.of(datasource.spec(), jdbcSql);
  }

  /**
   * Builds the handler, or adds to {@code errors} why it cannot be: an unknown datasource, a route
   * timeout longer than the datasource's, parameter rules that do not fit their type. (That the
   * query parses and agrees with the declared parameters is checked when the route is bound.)
   */
  public static Optional<Handler> create(
      RouteSpec route, SqlSpec spec, Datasources datasources, List<ConfigError> errors) {
    Optional<Datasource> ds = datasources.get(spec.datasource());
    if (ds.isEmpty()) {
      errors.add(spec.datasourceOrigin().error("unknown datasource \"" + spec.datasource() + "\""));
      return Optional.empty();
    }
    NamedSql sql = spec.sql();
    int before = errors.size();
    spec.timeout()
        .filter(t -> !ds.get().spec().statementTimeout().isZero()) // 0s: no datasource timeout
        .filter(t -> t.compareTo(ds.get().spec().statementTimeout()) > 0)
        .ifPresent(
            t ->
                errors.add(
                    spec.timeoutOrigin()
                        .error(
                            "the route's timeout is longer than datasource \""
                                + spec.datasource()
                                + "\"'s statement-timeout, which still applies")));
    List<ParamReader> readers = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (ParamSpec p : route.params().values()) {
      try {
        readers.add(ParamReader.of(p));
        index.put(p.name(), readers.size() - 1);
      } catch (IllegalArgumentException e) {
        errors.add(p.origin().error(e.getMessage()));
      }
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    int[] bindOrder = sql.parameters().stream().mapToInt(index::get).toArray();
    QueryTimer timer = datasources.queryTimers().timer(spec.datasource(), route.id());
    return Optional.of(new SqlHandler(route, spec, ds.get(), sql, readers, bindOrder, timer));
  }

  /** The datasource this route runs on. */
  public String datasourceName() {
    return datasource.name();
  }

  @Override
  @SuppressWarnings("try") // the deadline registration is held only for its close()
  public void handle(Exchange ex) throws Exception {
    ParamValue[] values = readParams(ex);
    boolean readOnly = isRead(ex);
    byte[] body;
    try (Datasource.Lease lease = datasource.connection(readOnly);
        PreparedStatement ps =
            returning.length > 0
                ? lease.connection().prepareStatement(jdbcSql, returning)
                : lease.connection().prepareStatement(jdbcSql)) {
      if (timeoutSeconds > 0) {
        ps.setQueryTimeout(timeoutSeconds);
      }
      if (spec.result() == SqlSpec.Result.MANY) {
        ps.setMaxRows(spec.maxRows() + 1); // one more tells the writer the cap was reached
      }
      for (int i = 0; i < bindOrder.length; i++) {
        ParamReader r = readers.get(bindOrder[i]);
        ParamBinder.bind(ps, i + 1, r.spec().type(), r.spec().array(), values[bindOrder[i]]);
      }
      long started = System.nanoTime();
      try (Deadline.Registration cancel = Deadline.onExpiry(ex, ps::cancel)) {
        body = tracing.execute(ps, this::execute);
      } finally {
        queryTimer.record(started);
      }
    } catch (SQLException e) {
      ProblemException p = Deadline.exceeded(ex).orElseGet(() -> SqlErrors.toProblem(e, routeId));
      Level level = p.status().code() >= 500 ? Level.SEVERE : Level.WARNING;
      Map<String, Object> fields = new LinkedHashMap<>(SqlErrors.logFields(e));
      fields.put("route", routeId);
      fields.put("status", p.status().code());
      Log.log(LOG, level, "statement failed", null, flatten(fields));
      throw p;
    }
    if (body == null) {
      ex.response().status(Status.NO_CONTENT_204);
      ex.response().send();
      return;
    }
    ex.response().status(status);
    ex.response().header(HeaderValues.CONTENT_TYPE_JSON);
    ex.send(body);
  }

  /** The JSON body, or null for 204; throws 404 for {@code one} without a row. */
  private byte[] execute(PreparedStatement ps) throws SQLException, IOException {
    switch (spec.result()) {
      case NONE -> {
        int n = ps.executeUpdate();
        if (n == 0 && spec.notFoundWhenEmpty()) {
          throw new ProblemException(Status.NOT_FOUND_404, "no such resource");
        }
        return null;
      }
      case ONE -> {
        try (ResultSet rs = rows(ps)) {
          if (!rs.next()) {
            throw new ProblemException(Status.NOT_FOUND_404, "no such resource");
          }
          ByteArrayOutputStream out = new ByteArrayOutputStream(256);
          try (JsonGenerator g = JSON.createGenerator(out)) {
            RowWriter.of(rs.getMetaData(), numbers).writeRow(rs, g);
          }
          return out.toByteArray();
        }
      }
      default -> {
        try (ResultSet rs = rows(ps)) {
          ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
          try (JsonGenerator g = JSON.createGenerator(out)) {
            RowWriter.of(rs.getMetaData(), numbers).writeRows(rs, g, spec.maxRows());
          }
          return out.toByteArray();
        }
      }
    }
  }

  private ResultSet rows(PreparedStatement ps) throws SQLException {
    if (returning.length > 0) {
      ps.executeUpdate();
      return ps.getGeneratedKeys();
    }
    return ps.executeQuery();
  }

  private ParamValue[] readParams(Exchange ex) {
    JsonNode body = needsBody ? ex.jsonBody() : MissingNode.getInstance();
    return RequestParams.readAll(readers, r -> read(ex, r, body));
  }

  private static ParamReader.Result read(Exchange ex, ParamReader r, JsonNode body) {
    ParamSpec p = r.spec();
    return switch (p.in()) {
      case "path" -> r.tryStrings(List.of(ex.pathParams().get(p.source())));
      case "query" -> r.tryStrings(ex.request().query().all(p.source(), List::of));
      case "header" -> r.tryStrings(ex.request().headers().values(r.header()).stream().toList());
      case "claim" -> r.tryJson(ex.claims().path(p.source()));
      default -> r.tryJson(body.at(p.source()));
    };
  }

  /**
   * Asks the database to describe the statement without running it (parameter and result metadata:
   * pgjdbc sends Parse/Describe), and reports, at the query's line in the route file, a statement
   * the database rejects (unknown table or column, syntax) and declared parameter types that do not
   * fit what the database infers.
   */
  public List<ConfigError> check(boolean readOnlyRoute) {
    List<ConfigError> errors = new ArrayList<>();
    try (Connection c = datasource.pool(readOnlyRoute).getConnection();
        PreparedStatement ps = describe(c)) {
      java.sql.ParameterMetaData pmd = ps.getParameterMetaData();
      // H2 describes every parameter it cannot place as CHARACTER VARYING: only PostgreSQL's
      // inferred types are worth comparing with the declared ones.
      int describe =
          datasource.embedded() ? 0 : Math.min(bindOrder.length, pmd.getParameterCount());
      for (int i = 0; i < describe; i++) {
        ParamSpec p = readers.get(bindOrder[i]).spec();
        String dbType = pmd.getParameterTypeName(i + 1);
        if (!ParamTypes.fits(p.type(), p.array(), pmd.getParameterType(i + 1), dbType)) {
          errors.add(
              p.origin()
                  .error(
                      "parameter \""
                          + p.name()
                          + "\" is declared "
                          + (p.array() ? "an array of " : "")
                          + p.type().yamlName()
                          + ", but the database expects "
                          + dbType
                          + " for :"
                          + p.name()));
        }
      }
      if (returning.length == 0 && ps.getMetaData() != null) {
        // duplicate column labels would only fail per request
        RowWriter.of(ps.getMetaData(), numbers);
      }
    } catch (SQLException e) {
      errors.add(
          spec.queryOrigin()
              .error(
                  "the database rejects this statement: "
                      + SqlErrors.logFields(e).getOrDefault("message", e.getMessage())
                      + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")));
    }
    return errors;
  }

  /**
   * Prepares the statement for {@link #check}. Outside requests no watchdog guards the connection,
   * so its reads get a timeout of their own: a database that goes silent cannot hang {@code
   * validate-config --check-sql}.
   */
  private PreparedStatement describe(Connection c) throws SQLException {
    if (!datasource.embedded()) { // H2 in memory has no socket
      c.setNetworkTimeout(
          Runnable::run,
          (int)
              Math.min(
                  Integer.MAX_VALUE,
                  datasource.spec().connectionTimeout().plus(Datasource.STALL_GRACE).toMillis()));
    }
    return returning.length > 0
        ? c.prepareStatement(jdbcSql, returning)
        : c.prepareStatement(jdbcSql);
  }

  private static boolean isRead(Exchange ex) {
    Method m = ex.request().prologue().method();
    return m == Method.GET || m == Method.HEAD;
  }

  private static Object[] flatten(Map<String, Object> fields) {
    Object[] kv = new Object[fields.size() * 2];
    int i = 0;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      kv[i++] = e.getKey();
      kv[i++] = e.getValue();
    }
    return kv;
  }
}
