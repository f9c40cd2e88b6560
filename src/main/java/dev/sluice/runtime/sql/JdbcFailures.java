package dev.sluice.runtime.sql;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbc.JdbcException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns an {@code SQLException} into a {@link SqlFailure}, gathering its {@link SqlErrorFacts} from
 * the exception, its {@code getNextException()} chain and causes: the first SQLSTATE, the server's
 * message, and the constraint, table and column it names (pgjdbc's {@link ServerErrorMessage}; for
 * H2, read from its message). Without a SQLSTATE, the exception's JDBC class tells a pool timeout
 * ({@link SQLTransientConnectionException}), a broken connection and a timeout apart.
 */
final class JdbcFailures {
  private static final int MAX_CHAIN = 16;
  private static final Pattern H2_QUOTED = Pattern.compile("\"([^\"]*)\"");

  private JdbcFailures() {}

  /** The failure an {@code SQLException} describes. */
  static SqlFailure of(SQLException e) {
    return new SqlFailure(facts(e), e);
  }

  static SqlErrorFacts facts(SQLException e) {
    String state = "";
    boolean transientConnection = false;
    boolean nonTransientConnection = false;
    boolean timeout = false;
    ServerErrorMessage server = null;
    JdbcException h2 = null;
    for (Throwable t : chain(e)) {
      if (t instanceof SQLException s) {
        if (state.isEmpty() && s.getSQLState() != null) {
          state = s.getSQLState().trim();
        }
        transientConnection |= s instanceof SQLTransientConnectionException;
        nonTransientConnection |= s instanceof SQLNonTransientConnectionException;
        timeout |= s instanceof SQLTimeoutException;
      }
      if (server == null && t instanceof PSQLException p) {
        server = p.getServerErrorMessage();
      }
      if (h2 == null && t instanceof JdbcException j) {
        h2 = j;
      }
    }
    boolean stateless = state.isEmpty();
    if (server != null) {
      return new SqlErrorFacts(
          state,
          orEmpty(server.getMessage()),
          identifier(server.getConstraint()),
          identifier(server.getTable()),
          identifier(server.getColumn()),
          pgForeignKey(state, orEmpty(server.getMessage())),
          false,
          false,
          false);
    }
    if (h2 != null) {
      String original = orEmpty(h2.getOriginalMessage());
      return new SqlErrorFacts(
          state,
          original,
          h2Constraint(state, original),
          "",
          state.equals("23502") ? identifier(firstQuoted(original)) : "",
          switch (state) {
            case "23506" -> SqlErrorFacts.ForeignKey.MISSING_REFERENCED_ROW;
            case "23503" -> SqlErrorFacts.ForeignKey.STILL_REFERENCED;
            default -> SqlErrorFacts.ForeignKey.UNKNOWN;
          },
          false,
          false,
          false);
    }
    return new SqlErrorFacts(
        state,
        orEmpty(e.getMessage()),
        "",
        "",
        "",
        SqlErrorFacts.ForeignKey.UNKNOWN,
        stateless && transientConnection,
        stateless && nonTransientConnection,
        stateless && timeout);
  }

  /** The exception, its next exceptions, and their causes, each once. */
  private static List<Throwable> chain(SQLException e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>();
    for (SQLException s = e; s != null && out.size() < MAX_CHAIN; s = s.getNextException()) {
      if (!seen.add(s)) {
        break;
      }
      out.add(s);
    }
    int heads = out.size();
    for (int i = 0; i < heads; i++) {
      for (Throwable c = out.get(i).getCause(); c != null && out.size() < MAX_CHAIN; ) {
        if (!seen.add(c)) {
          break;
        }
        out.add(c);
        c = c.getCause();
      }
    }
    return out;
  }

  /**
   * PostgreSQL reports both sides of a foreign key with 23503 and the same fields; only the message
   * differs ("insert or update on table ..." / "update or delete on table ..."). English messages
   * are told apart; other languages stay {@link ForeignKey#UNKNOWN}.
   */
  static SqlErrorFacts.ForeignKey pgForeignKey(String state, String message) {
    if (!state.equals("23503")) {
      return SqlErrorFacts.ForeignKey.UNKNOWN;
    }
    if (message.startsWith("insert or update on table")) {
      return SqlErrorFacts.ForeignKey.MISSING_REFERENCED_ROW;
    }
    if (message.startsWith("update or delete on table")) {
      return SqlErrorFacts.ForeignKey.STILL_REFERENCED;
    }
    return SqlErrorFacts.ForeignKey.UNKNOWN;
  }

  /**
   * The constraint in an H2 message's quoted parameter (the only part H2 does not translate): 23505
   * {@code "public.users_email_key INDEX ..."}, 23503/23506 {@code "orders_user_fk: ..."}, 23513
   * {@code "users_age_check: ..."}.
   */
  private static String h2Constraint(String state, String message) {
    String quoted = firstQuoted(message);
    String name =
        switch (state) {
          case "23505" -> before(quoted, ' ');
          case "23503", "23506", "23513", "23514" -> before(quoted, ':');
          default -> "";
        };
    int dot = name.lastIndexOf('.');
    return identifier(dot < 0 ? name : name.substring(dot + 1));
  }

  private static String firstQuoted(String message) {
    Matcher m = H2_QUOTED.matcher(message);
    return m.find() ? m.group(1) : "";
  }

  private static String before(String s, char c) {
    int i = s.indexOf(c);
    return i < 0 ? "" : s.substring(0, i);
  }

  /**
   * The name if it is a plausible identifier (at most 128 characters, no control characters, not
   * blank), else empty: a name is echoed to clients, arbitrary server text is not.
   */
  static String identifier(String name) {
    if (name == null || name.isBlank() || name.length() > 128) {
      return "";
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return "";
      }
    }
    return name;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
