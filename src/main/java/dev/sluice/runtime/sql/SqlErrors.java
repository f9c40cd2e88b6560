package dev.sluice.runtime.sql;

import dev.sluice.problem.ProblemException;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a failed statement ({@link SqlFailure}, whatever the driver) into the RFC 9457 problem to
 * answer with, and into the fields to log. The detail says what a client (or, for 5xx, an operator)
 * can act on; it never contains SQL text, the server's message or a class name, which go to the log
 * only ({@link #logFields}).
 *
 * <table>
 *   <caption>SQLSTATE and status</caption>
 *   <tr><th>SQLSTATE</th><th>status</th><th>extension</th></tr>
 *   <tr><td>23505 unique, 23503 (H2 also 23506) foreign key, 23001, 23P01, other class 23</td>
 *       <td>409</td><td>{@code constraint}</td></tr>
 *   <tr><td>23502 not null</td><td>400</td><td>{@code column}</td></tr>
 *   <tr><td>23514 (H2 23513) check</td><td>400</td><td>{@code constraint}</td></tr>
 *   <tr><td>class 22 data exceptions (22P02, H2 22018, 22001, 22003, 22007, 22008, 22012, ...)</td>
 *       <td>400</td><td></td></tr>
 *   <tr><td>57014 statement timeout or cancel</td><td>504</td><td></td></tr>
 *   <tr><td>class 08, class 28, 3D000, 57P01, 57P02, 57P03, 57P05, H2 90067/90098/90121, class 53, a pool
 *       timeout</td><td>503, Retry-After: 1</td><td></td></tr>
 *   <tr><td>40001, 40P01, H2 90131; 55P03, H2 HYT00 (lock timeout)</td>
 *       <td>503, Retry-After: 1</td><td></td></tr>
 *   <tr><td>25006 read-only transaction</td><td>500</td><td></td></tr>
 *   <tr><td>anything else (42P01, 42703, 42601, ...)</td><td>500</td><td></td></tr>
 * </table>
 */
public final class SqlErrors {
  static final String RETRY_AFTER = "Retry-After";
  static final String RETRY_SECONDS = "1";

  static final String DUPLICATE = "a row with this value already exists";
  static final String MISSING_REFERENCE = "a referenced row does not exist";
  static final String STILL_REFERENCED = "the row is still referenced by other rows";
  static final String FOREIGN_KEY =
      "a referenced row does not exist, or the row is still referenced by other rows";
  static final String EXCLUSION = "the row conflicts with an existing row";
  static final String INTEGRITY = "the change conflicts with the data in the database";
  static final String NOT_NULL = "a required value is missing";
  static final String CHECK = "a value does not satisfy a check of the database";
  static final String TOO_LONG = "a value is longer than the database allows";
  static final String OUT_OF_RANGE = "a number is out of the range the database allows";
  static final String BAD_FORMAT = "a value is not valid for its database type";
  static final String BAD_DATETIME = "a date or time value is not valid";
  static final String DIVISION_BY_ZERO = "the request led to a division by zero";
  static final String BAD_DATA = "the database rejected a value of the request";
  static final String TIMEOUT = "the database did not answer within the statement timeout";
  static final String UNAVAILABLE = "the database is not available; retry shortly";
  static final String POOL_EXHAUSTED = "every database connection is in use; retry shortly";
  static final String OVERLOADED = "the database is out of resources; retry shortly";
  static final String CONFLICT = "the request conflicted with a concurrent one; retry it";
  static final String LOCKED = "data the request needs is locked by another one; retry shortly";

  private SqlErrors() {}

  /**
   * The problem to answer with. 5xx details name the route but nothing of the failure; the caller
   * logs {@link #logFields} (at WARN for 4xx, ERROR for 5xx) under the request's id.
   */
  public static ProblemException toProblem(SqlFailure failure, String routeId) {
    SqlErrorFacts f = failure.facts();
    String state = f.sqlState();
    if (state.isEmpty()) {
      if (f.poolTimeout()) {
        return retry(POOL_EXHAUSTED);
      }
      if (f.connectionClass()) {
        return retry(UNAVAILABLE);
      }
      if (f.timeoutClass()) {
        return new ProblemException(Status.GATEWAY_TIMEOUT_504, TIMEOUT);
      }
      return routeFailed(routeId);
    }
    if (isConnectionState(state)) {
      return retry(UNAVAILABLE);
    }
    String sqlClass = state.length() >= 2 ? state.substring(0, 2) : state;
    return switch (state) {
      case "23505" -> conflict(DUPLICATE, f);
      case "23503", "23506" ->
          conflict(
              switch (f.foreignKey()) {
                case MISSING_REFERENCED_ROW -> MISSING_REFERENCE;
                case STILL_REFERENCED -> STILL_REFERENCED;
                case UNKNOWN -> FOREIGN_KEY;
              },
              f);
      case "23001" -> conflict(STILL_REFERENCED, f);
      case "23P01" -> conflict(EXCLUSION, f);
      case "23502" ->
          withName(new ProblemException(Status.BAD_REQUEST_400, NOT_NULL), "column", f.column());
      case "23514", "23513" ->
          withName(
              new ProblemException(Status.BAD_REQUEST_400, CHECK), "constraint", f.constraint());
      case "22001" -> badRequest(TOO_LONG);
      case "22003" -> badRequest(OUT_OF_RANGE);
      case "22P02", "22018" -> badRequest(BAD_FORMAT);
      case "22007", "22008" -> badRequest(BAD_DATETIME);
      case "22012" -> badRequest(DIVISION_BY_ZERO);
      case "57014" -> new ProblemException(Status.GATEWAY_TIMEOUT_504, TIMEOUT);
      case "40001", "40P01", "90131" -> retry(CONFLICT);
      case "55P03", "HYT00" -> retry(LOCKED);
      case "25006" ->
          new ProblemException(
              Status.INTERNAL_SERVER_ERROR_500,
              "the SQL of route \"" + routeId + "\" tried to write in a read-only request");
      default ->
          switch (sqlClass) {
            case "22" -> badRequest(BAD_DATA);
            case "23" -> conflict(INTEGRITY, f);
            case "53" -> retry(OVERLOADED);
            default -> routeFailed(routeId);
          };
    };
  }

  /**
   * The fields to log with the problem: {@code sqlstate}, {@code message} (the server's primary
   * message, without the SQL), and {@code constraint}, {@code table}, {@code column} when the
   * driver names them. Only present values are included.
   */
  public static Map<String, Object> logFields(SqlFailure failure) {
    SqlErrorFacts f = failure.facts();
    Map<String, Object> m = new LinkedHashMap<>();
    putIfPresent(m, "sqlstate", f.sqlState());
    putIfPresent(m, "message", f.message());
    putIfPresent(m, "constraint", f.constraint());
    putIfPresent(m, "table", f.table());
    putIfPresent(m, "column", f.column());
    return m;
  }

  /**
   * Whether the failure says the database cannot be reached: a connection that could not be made or
   * broke (class 08, or no SQLSTATE and a connection failure), credentials or a database it refuses
   * (class 28, 3D000), the server shutting down or starting (57P01–57P05). Answered 503; {@link
   * DatasourceHealth#observe} probes on them.
   */
  public static boolean unreachable(SqlFailure failure) {
    SqlErrorFacts f = failure.facts();
    return f.sqlState().isEmpty() ? f.connectionClass() : isConnectionState(f.sqlState());
  }

  private static boolean isConnectionState(String state) {
    return state.startsWith("08")
        || state.startsWith("28") // the credentials were refused: no connection can be had
        || switch (state) {
          case "3D000" -> true; // the database does not exist (yet): same
          case "57P01", "57P02", "57P03", "57P05", "90067", "90098", "90121" -> true;
          default -> false;
        };
  }

  private static ProblemException conflict(String detail, SqlErrorFacts f) {
    return withName(
        new ProblemException(Status.CONFLICT_409, detail), "constraint", f.constraint());
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Status.BAD_REQUEST_400, detail);
  }

  private static ProblemException retry(String detail) {
    return new ProblemException(Status.SERVICE_UNAVAILABLE_503, detail)
        .header(RETRY_AFTER, RETRY_SECONDS);
  }

  private static ProblemException routeFailed(String routeId) {
    return new ProblemException(
        Status.INTERNAL_SERVER_ERROR_500,
        "the SQL of route \"" + routeId + "\" failed; see the gateway log for this request_id");
  }

  private static ProblemException withName(ProblemException p, String member, String name) {
    return name.isEmpty() ? p : p.extension(member, name);
  }

  private static void putIfPresent(Map<String, Object> m, String key, String value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }
}
