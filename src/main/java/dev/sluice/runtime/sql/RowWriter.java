package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Writes result rows as JSON objects keyed by column label, each value by its SQL type, whatever
 * the driver ({@link ResultRows}). The per-column writers are chosen once from the {@link
 * ResultColumns}; writing a row is then a loop over them straight into the {@link JsonGenerator},
 * with pre-encoded keys.
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
 * <p>Immutable and thread-safe: a route builds one from its first result and keeps it while later
 * results {@link #fits fit} it ({@link RowWriters}); each write has its own date buffer.
 */
public final class RowWriter {
  private final String[] labels;
  private final String[] typeNames;
  private final SerializedString[] keys;
  private final ColumnWriter[] writers;
  private final boolean temporal;

  private RowWriter(String[] labels, String[] typeNames, ColumnWriter[] writers, boolean temporal) {
    this.labels = labels;
    this.typeNames = typeNames;
    this.writers = writers;
    this.temporal = temporal;
    this.keys = new SerializedString[labels.length];
    for (int i = 0; i < labels.length; i++) {
      keys[i] = new SerializedString(labels[i]);
    }
  }

  /**
   * The writer for a result's columns.
   *
   * @throws SqlFailure (SQLSTATE 42712) when two columns share a label, since their JSON keys would
   *     collide: alias them apart in the SQL
   */
  public static RowWriter of(ResultColumns columns, JsonNumbers numbers) {
    Objects.requireNonNull(numbers, "numbers");
    int n = columns.columnCount();
    String[] labels = new String[n];
    String[] typeNames = new String[n];
    ColumnWriter[] writers = new ColumnWriter[n];
    boolean temporal = false;
    for (int i = 0; i < n; i++) {
      labels[i] = columns.label(i + 1);
      typeNames[i] = columns.typeName(i + 1);
      ColumnKind kind = columns.kind(i + 1);
      ColumnKind element = kind == ColumnKind.ARRAY ? columns.elementKind(i + 1) : ColumnKind.OTHER;
      writers[i] = ColumnWriter.of(kind, element, numbers);
      temporal |= kind.temporal() || element.temporal();
    }
    rejectDuplicates(labels);
    return new RowWriter(labels, typeNames, writers, temporal);
  }

  /**
   * Whether a result has the columns this writer was built for: the same labels and type names, in
   * the same order. Reads only what the driver already holds; no allocation.
   */
  public boolean fits(ResultColumns columns) {
    int n = labels.length;
    if (columns.columnCount() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!labels[i].equals(columns.label(i + 1))
          || !Objects.equals(typeNames[i], columns.typeName(i + 1))) {
        return false;
      }
    }
    return true;
  }

  private static void rejectDuplicates(String[] labels) {
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

  private static SqlFailure duplicate(String label) {
    return SqlFailure.of(
        "42712", "two columns are labelled \"" + label + "\"; give them distinct aliases");
  }

  /** Writes the current row as a JSON object. */
  public void writeRow(ResultRows rows, JsonGenerator g) throws IOException {
    writeRow(rows, g, scratch());
  }

  private void writeRow(ResultRows rows, JsonGenerator g, IsoTemporal iso) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < writers.length; i++) {
      g.writeFieldName(keys[i]);
      writers[i].write(rows, i + 1, g, iso);
    }
    g.writeEndObject();
  }

  /** The date buffer of one write, when a column needs one. */
  private IsoTemporal scratch() {
    return temporal ? new IsoTemporal() : null;
  }

  /**
   * Writes a JSON array of the next rows, at most {@code maxRows} of them. To tell whether more
   * existed it reads one row past the limit, so a statement can fetch {@code maxRows + 1} rows to
   * keep the database from sending the rest.
   */
  public Written writeRows(ResultRows rows, JsonGenerator g, int maxRows) throws IOException {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must not be negative: " + maxRows);
    }
    IsoTemporal iso = scratch();
    g.writeStartArray();
    int count = 0;
    boolean more;
    while (true) {
      if (count == maxRows) {
        more = rows.next();
        break;
      }
      if (!rows.next()) {
        more = false;
        break;
      }
      writeRow(rows, g, iso);
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
