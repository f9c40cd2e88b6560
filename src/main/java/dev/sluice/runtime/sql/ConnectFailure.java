package dev.sluice.runtime.sql;

import dev.sluice.log.UrlCredentials;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Why a connection to a database could not be made, whatever the driver: a {@link Reason} worded
 * for the public {@code /readyz} (never a host, user or database name), and the driver's first line
 * for the operator's log and tools ("Connection to 127.0.0.1:5432 refused. …").
 *
 * @param reason the category
 * @param detail the driver's first line (credentials in URLs removed), or empty
 */
public record ConnectFailure(Reason reason, String detail) {
  private static final int MAX_CHAIN = 16;
  private static final int MAX_DETAIL = 200;

  /** What kind of failure, in words a public endpoint may show. */
  public enum Reason {
    REFUSED("connection refused"),
    UNKNOWN_HOST("unknown host"),
    AUTHENTICATION("authentication failed"),
    NO_DATABASE("no such database"),
    TIMEOUT("connection timed out"),
    OTHER("cannot connect");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    /** The words {@code /readyz} shows. */
    public String text() {
      return text;
    }
  }

  /**
   * Classifies a failed connection attempt from its SQLSTATE (as the driver reports it; empty when
   * none) and its exception chain: a refused or timed-out socket, a host that does not resolve,
   * SQLSTATE class 28 (authentication) or 3D000 (no such database); anything else is {@link
   * Reason#OTHER}.
   */
  public static ConnectFailure of(String sqlState, Throwable failure) {
    String state = sqlState == null ? "" : sqlState;
    Reason reason = Reason.OTHER;
    if (state.startsWith("28")) {
      reason = Reason.AUTHENTICATION;
    } else if (state.equals("3D000")) {
      reason = Reason.NO_DATABASE;
    } else {
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Throwable t = failure;
          t != null && seen.size() < MAX_CHAIN && seen.add(t);
          t = t.getCause()) {
        Reason r = socketReason(t);
        if (r != null) {
          reason = r;
          break;
        }
      }
    }
    return new ConnectFailure(reason, firstLine(failure));
  }

  private static Reason socketReason(Throwable t) {
    if (t instanceof ConnectException) {
      return Reason.REFUSED;
    }
    if (t instanceof UnknownHostException) {
      return Reason.UNKNOWN_HOST;
    }
    if (t instanceof SocketTimeoutException
        || t instanceof TimeoutException
        || t instanceof java.sql.SQLTimeoutException) {
      return Reason.TIMEOUT;
    }
    return null;
  }

  /**
   * The first line of the failure's message, and its cause's when that says more ("The connection
   * attempt failed. (UnknownHostException: db.example)"), cut at 200 characters; or empty.
   */
  private static String firstLine(Throwable failure) {
    String line = failure == null ? "" : firstLineOf(failure.getMessage());
    Throwable cause = failure == null ? null : failure.getCause();
    String because = cause == null ? "" : firstLineOf(cause.getMessage());
    if (!because.isEmpty() && !line.contains(because)) {
      String also = cause.getClass().getSimpleName() + ": " + because;
      line = line.isEmpty() ? also : line + " (" + also + ")";
    }
    line = UrlCredentials.strip(line);
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL - 3) + "..." : line;
  }

  private static String firstLineOf(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }

  /**
   * The category's words, then the driver's line: for the operator's tools, never {@code /readyz}.
   */
  public String explained() {
    return detail.isEmpty() ? reason.text() : reason.text() + ": " + detail;
  }
}
