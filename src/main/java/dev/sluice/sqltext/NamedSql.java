package dev.sluice.sqltext;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A route's SQL with its {@code :name} parameters replaced by JDBC {@code ?} placeholders.
 *
 * <pre>
 * NamedSql q = NamedSql.parse("SELECT * FROM users WHERE id = :id AND org = :org::uuid");
 * q.jdbcSql();    // SELECT * FROM users WHERE id = ? AND org = ?::uuid
 * q.parameters(); // [id, org]
 * </pre>
 *
 * <p>The text is read as PostgreSQL reads it: string literals ({@code '...'} with {@code ''},
 * {@code E'...'} with backslash escapes, {@code U&'...'}), quoted identifiers ({@code "..."} with
 * {@code ""}), dollar-quoted bodies ({@code $$...$$}, {@code $tag$...$tag$}), line comments ({@code
 * -- ...}) and nested block comments ({@code /* ... *}{@code /}) are copied untouched. Elsewhere:
 *
 * <ul>
 *   <li>{@code :name} ({@code [A-Za-z_][A-Za-z0-9_]*}) is a parameter; {@code ::type} is a cast and
 *       stays, so {@code :id::int} is the parameter {@code id} cast to {@code int}; a lone {@code
 *       :} and {@code :=} stay.
 *   <li>In an array slice, {@code arr[1:2]} is untouched, but {@code arr[:n]} and {@code
 *       arr[lo:hi]} make {@code n} and {@code hi} parameters: to slice by a column, put a space
 *       after the colon ({@code arr[lo: hi]}).
 *   <li>A literal {@code ?} (the jsonb operators {@code ?}, {@code ?|}, {@code ?&}) is written
 *       {@code ??} in {@link #jdbcSql()}, which the PostgreSQL driver sends as {@code ?}. H2 does
 *       not understand {@code ??}: those operators work on PostgreSQL only.
 *   <li>A positional parameter ({@code $1}) is rejected: the driver numbers its own placeholders
 *       the same way, so it would silently take another parameter's value.
 * </ul>
 *
 * <p>Strings are read with {@code standard_conforming_strings} on (PostgreSQL's default since 9.1):
 * a backslash escapes only in {@code E'...'}.
 *
 * @param jdbcSql the SQL for a {@link java.sql.PreparedStatement}
 * @param parameters the parameter names, one per {@code ?} in order (a name used twice appears
 *     twice)
 * @param segments the original text around the parameters, one more than there are parameters
 *     ({@code ?} as written): what {@link #positionalSql} joins
 */
public record NamedSql(String jdbcSql, List<String> parameters, List<String> segments) {
  public NamedSql {
    Objects.requireNonNull(jdbcSql, "jdbcSql");
    parameters = List.copyOf(parameters);
    segments = List.copyOf(segments);
    if (segments.size() != parameters.size() + 1) {
      throw new IllegalArgumentException("one more segment than parameters expected");
    }
  }

  /**
   * The SQL with PostgreSQL's own numbered placeholders, as a driver speaking the protocol itself
   * sends it: {@code $1}, {@code $2}, ... each followed by {@code suffix} of its index from 0 (such
   * as {@code ::int8}, which declares the placeholder's type as a JDBC driver declares the type of
   * the value it binds), and a literal {@code ?} as written.
   */
  public String positionalSql(java.util.function.IntFunction<String> suffix) {
    StringBuilder b = new StringBuilder(jdbcSql.length() + 8 * parameters.size());
    b.append(segments.get(0));
    for (int i = 0; i < parameters.size(); i++) {
      b.append('$').append(i + 1).append(suffix.apply(i)).append(segments.get(i + 1));
    }
    return b.toString();
  }

  /**
   * Parses SQL with {@code :name} parameters.
   *
   * @throws SqlTextException if a string literal, quoted identifier, dollar-quoted string or block
   *     comment is not terminated, or the text uses a positional parameter ({@code $1})
   */
  public static NamedSql parse(String sql) throws SqlTextException {
    return new NamedSqlScanner(sql).scan();
  }

  /** The distinct parameter names, in order of first occurrence. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(parameters));
  }
}
