package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Writes result set rows as JSON objects keyed by column label, each value by its SQL type. The
 * per-column writers are chosen once from the {@link ResultSetMetaData}; writing a row is then a
 * loop over them straight into the {@link JsonGenerator}, with pre-encoded keys.
 *
 * <table>
 *   <caption>SQL types and their JSON</caption>
 *   <tr><th>SQL</th><th>JSON</th></tr>
 *   <tr><td>smallint, integer, bigint</td><td>number ({@link JsonNumbers#STRING}: bigint outside
 *       ±(2<sup>53</sup> - 1) as a string)</td></tr>
 *   <tr><td>real, double precision</td><td>number; NaN, Infinity, -Infinity as strings</td></tr>
 *   <tr><td>numeric, decimal</td><td>number with the exact digits ({@link JsonNumbers#STRING}:
 *       a string); NaN, Infinity as strings</td></tr>
 *   <tr><td>boolean</td><td>true/false</td></tr>
 *   <tr><td>text, varchar, char, uuid</td><td>string (char(n) keeps its padding)</td></tr>
 *   <tr><td>date, time, timestamp</td><td>ISO-8601 string: {@code "2024-05-01"}, {@code
 *       "13:45:00"}, {@code "2024-05-01T13:45:00.5"} (fraction only when non-zero)</td></tr>
 *   <tr><td>timestamptz, timetz</td><td>ISO-8601 string in UTC: {@code
 *       "2024-05-01T11:45:00Z"}</td></tr>
 *   <tr><td>json, jsonb</td><td>the JSON itself, copied as the database prints it</td></tr>
 *   <tr><td>arrays</td><td>arrays (nested for multi-dimensional), elements by these rules</td></tr>
 *   <tr><td>bytea, binary</td><td>base64 string</td></tr>
 *   <tr><td>NULL</td><td>null</td></tr>
 *   <tr><td>anything else (interval, enum, inet, money, xml, ...)</td><td>the driver's
 *       {@code getString} text</td></tr>
 * </table>
 *
 * <p>Not thread-safe (it reuses a buffer for dates): make one per result set, which is cheap.
 */
public final class RowWriter {
  private final SerializedString[] keys;
  private final ColumnWriter[] writers;

  private RowWriter(SerializedString[] keys, ColumnWriter[] writers) {
    this.keys = keys;
    this.writers = writers;
  }

  /**
   * The writer for a result's columns. Throws an {@link SQLException} (SQLSTATE 42712) when two
   * columns share a label, since their JSON keys would collide: alias them apart in the SQL.
   */
  public static RowWriter of(ResultSetMetaData md, JsonNumbers numbers) throws SQLException {
    Objects.requireNonNull(numbers, "numbers");
    int n = md.getColumnCount();
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      labels[i] = md.getColumnLabel(i + 1);
    }
    rejectDuplicates(labels);
    SerializedString[] keys = new SerializedString[n];
    ColumnWriter[] writers = new ColumnWriter[n];
    IsoTemporal iso = new IsoTemporal();
    for (int i = 0; i < n; i++) {
      keys[i] = new SerializedString(labels[i]);
      String typeName = md.getColumnTypeName(i + 1);
      ColumnKind kind = ColumnKind.of(md.getColumnType(i + 1), typeName);
      writers[i] = ColumnWriter.of(kind, typeName, numbers, iso);
    }
    return new RowWriter(keys, writers);
  }

  private static void rejectDuplicates(String[] labels) throws SQLException {
    if (labels.length > 64) {
      Set<String> seen = new HashSet<>();
      for (String label : labels) {
        if (!seen.add(label)) {
          throw duplicate(label);
        }
      }
      return;
    }
    for (int i = 1; i < labels.length; i++) { // no allocation for the usual handful of columns
      for (int j = 0; j < i; j++) {
        if (labels[i].equals(labels[j])) {
          throw duplicate(labels[i]);
        }
      }
    }
  }

  private static SQLException duplicate(String label) {
    return new SQLException(
        "two columns are labelled \"" + label + "\"; give them distinct aliases", "42712");
  }

  /** Writes the current row as a JSON object. */
  public void writeRow(ResultSet rs, JsonGenerator g) throws SQLException, IOException {
    g.writeStartObject();
    for (int i = 0; i < writers.length; i++) {
      g.writeFieldName(keys[i]);
      writers[i].write(rs, i + 1, g);
    }
    g.writeEndObject();
  }

  /**
   * Writes a JSON array of the next rows, at most {@code maxRows} of them. To tell whether more
   * existed it reads one row past the limit, so a statement can use {@code setMaxRows(maxRows + 1)}
   * to keep the database from sending the rest.
   */
  public Written writeRows(ResultSet rs, JsonGenerator g, int maxRows)
      throws SQLException, IOException {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must not be negative: " + maxRows);
    }
    g.writeStartArray();
    int count = 0;
    boolean more;
    while (true) {
      if (count == maxRows) {
        more = rs.next();
        break;
      }
      if (!rs.next()) {
        more = false;
        break;
      }
      writeRow(rs, g);
      count++;
    }
    g.writeEndArray();
    return new Written(count, more);
  }

  /**
   * What {@link #writeRows} wrote.
   *
   * @param count the rows written
   * @param truncated whether the result had more rows than {@code maxRows}
   */
  public record Written(int count, boolean truncated) {}
}
