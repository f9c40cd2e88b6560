package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code sql:} runs one parameterized statement per request. Everything is prepared when the route
 * is built: the statement in its driver's form ({@link StatementExecutor#prepare}), one reader and
 * extractor per declared parameter, the order in which values are bound; the row writer is built
 * from the first result and kept ({@link RowWriters}). Per request: read and check every parameter
 * (all violations in one 400, before the database is asked), run the statement on a read-only
 * session for GET and HEAD, write the rows as JSON into a buffer while the driver holds them, then
 * send. When the request's deadline ({@code timeout} middleware) passes while the statement runs,
 * the statement is cancelled and the answer is the deadline's 504. A failure of the database is
 * answered by {@link SqlErrors}, whatever the driver.
 */
public final class SqlHandler implements Handler {
  private static final Logger LOG = Logger.getLogger("sluice.sql");
  private static final JsonFactory JSON = new JsonFactory();

  private final String routeId;
  private final SqlSpec spec;
  private final String datasourceName;
  private final RequestParams params;
  private final int[] bindOrder; // null: values are bound in the order they are read
  private final List<StatementPlan.Placeholder> placeholders;
  private final StatementExecutor.Prepared statement;
  private final RowWriters writers;
  private final Outcome<byte[]> outcome;
  private final Status status;

  /** Whether the database rejected the statement when it last described it ({@link #check}). */
  private volatile boolean misconfigured;

  private SqlHandler(
      RouteSpec route,
      SqlSpec spec,
      Datasource datasource,
      RequestParams params,
      int[] bindOrder,
      QueryTimer queryTimer) {
    this.routeId = route.id();
    this.spec = spec;
    this.datasourceName = datasource.name();
    this.params = params;
    this.bindOrder = isIdentity(bindOrder, params.readers().size()) ? null : bindOrder;
    this.placeholders = new ArrayList<>(bindOrder.length);
    for (int i : bindOrder) {
      ParamSpec p = params.readers().get(i).spec();
      placeholders.add(new StatementPlan.Placeholder(p.type(), p.array()));
    }
    StatementPlan plan =
        new StatementPlan(
            spec.sql(),
            placeholders,
            spec.returning(),
            spec.result() != SqlSpec.Result.NONE,
            spec.result() == SqlSpec.Result.MANY ? spec.maxRows() + 1 : 0, // one more: truncated?
            spec.timeout(),
            SqlTracing.of(datasource.spec(), spec.sql().jdbcSql()),
            queryTimer);
    this.statement = datasource.executor().prepare(plan);
    this.writers =
        new RowWriters(spec.numbersAsStrings() ? JsonNumbers.STRING : JsonNumbers.NUMBER);
    this.outcome = outcome(spec, writers);
    this.status = Status.create(spec.status());
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
    int[] bindOrder = spec.sql().parameters().stream().mapToInt(index::get).toArray();
    QueryTimer timer = datasources.queryTimers().timer(spec.datasource(), route.id());
    return Optional.of(
        new SqlHandler(route, spec, ds.get(), RequestParams.of(readers), bindOrder, timer));
  }

  /** The datasource this route runs on. */
  public String datasourceName() {
    return datasourceName;
  }

  @Override
  public void handle(Exchange ex) throws Exception {
    if (misconfigured) {
      throw new ProblemException(
          Status.INTERNAL_SERVER_ERROR_500,
          "route \""
              + routeId
              + "\" is misconfigured: the database rejects its SQL (see the gateway log)");
    }
    ParamValue[] values = params.read(ex);
    byte[] body;
    try {
      body = statement.run(bound(values), isRead(ex), StatementDeadline.of(ex), outcome);
    } catch (SqlFailure e) {
      ProblemException p = Deadline.exceeded(ex).orElseGet(() -> SqlErrors.toProblem(e, routeId));
      // a database known to be down was logged once, not once per request
      Level level =
          e.knownDown() ? Level.FINE : p.status().code() >= 500 ? Level.SEVERE : Level.WARNING;
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

  /** The values in placeholder order. */
  private ParamValue[] bound(ParamValue[] values) {
    if (bindOrder == null) {
      return values;
    }
    ParamValue[] out = new ParamValue[bindOrder.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[bindOrder[i]];
    }
    return out;
  }

  private static boolean isIdentity(int[] order, int values) {
    if (order.length != values) {
      return false;
    }
    for (int i = 0; i < order.length; i++) {
      if (order[i] != i) {
        return false;
      }
    }
    return true;
  }

  /** The JSON body of a result, or null for 204; throws 404 for {@code one} without a row. */
  private static Outcome<byte[]> outcome(SqlSpec spec, RowWriters writers) {
    return new Outcome<>() {
      @Override
      public byte[] rows(ResultRows rows) throws IOException {
        if (spec.result() == SqlSpec.Result.ONE) {
          if (!rows.next()) {
            throw new ProblemException(Status.NOT_FOUND_404, "no such resource");
          }
          JsonBody out = new JsonBody();
          try (JsonGenerator g = JSON.createGenerator(out)) {
            writers.writerFor(rows).writeRow(rows, g);
          }
          return out.toByteArray();
        }
        JsonBody out = new JsonBody();
        try (JsonGenerator g = JSON.createGenerator(out)) {
          writers.writerFor(rows).writeRows(rows, g, spec.maxRows());
        }
        return out.toByteArray();
      }

      @Override
      public byte[] updated(long count) {
        if (count == 0 && spec.notFoundWhenEmpty()) {
          throw new ProblemException(Status.NOT_FOUND_404, "no such resource");
        }
        return null;
      }
    };
  }

  /** Whether the database rejected the statement when it last described it. */
  public boolean misconfigured() {
    return misconfigured;
  }

  /**
   * Asks the database to describe the statement without running it, and reports, at the query's
   * line in the route file, a statement the database rejects (unknown table or column, syntax),
   * declared parameter types that do not fit what the database infers, and result columns that
   * could not be written (two with one label). From then on, until the next check, the route
   * answers a 500 problem saying it is misconfigured when the database rejected the statement (a
   * parameter type that does not fit is reported, but the route serves: the database may still
   * convert the values it gets).
   *
   * @return the errors (none: the statement fits); empty when the database could not be reached,
   *     which leaves the route as it was
   */
  public Optional<List<ConfigError>> check(boolean readOnlyRoute) {
    List<ConfigError> errors = new ArrayList<>();
    boolean rejected = false;
    try {
      Description d = statement.describe(readOnlyRoute);
      int described = Math.min(placeholders.size(), d.parameters().size());
      for (int i = 0; i < described; i++) {
        ParamSpec p = params.readers().get(readerOf(i)).spec();
        Description.ParamTypeInfo db = d.parameters().get(i);
        if (!ParamTypes.fits(p.type(), p.array(), db.sqlType(), db.typeName())) {
          errors.add(
              p.origin()
                  .error(
                      "parameter \""
                          + p.name()
                          + "\" is declared "
                          + (p.array() ? "an array of " : "")
                          + p.type().yamlName()
                          + ", but the database expects "
                          + db.typeName()
                          + " for :"
                          + p.name()));
        }
      }
      RowWriter.of(d.columns(), JsonNumbers.NUMBER); // duplicate labels would only fail per request
    } catch (SqlFailure e) {
      if (SqlErrors.unreachable(e)) {
        return Optional.empty();
      }
      rejected = true;
      String message = SqlErrors.logFields(e).getOrDefault("message", e.getMessage()).toString();
      errors.add(
          spec.queryOrigin()
              .error(
                  "the database rejects this statement: "
                      + message
                      + (e.sqlState().isEmpty() ? "" : " (SQLSTATE " + e.sqlState() + ")")));
    }
    misconfigured = rejected;
    return Optional.of(errors);
  }

  private int readerOf(int placeholder) {
    return bindOrder == null ? placeholder : bindOrder[placeholder];
  }

  private static boolean isRead(Exchange ex) {
    Method m = ex.request().prologue().method();
    return Method.GET.equals(m) || Method.HEAD.equals(m);
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
