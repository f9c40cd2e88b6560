package dev.sluice.runtime.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A route's row writer: built once, kept while results fit, rebuilt when the schema changed. */
class RowWritersTest {
  private static final JsonFactory JSON = new JsonFactory();

  /** Writes every row of {@code sql} with the route's cached writer; returns the writer used. */
  private static RowWriter write(RowWriters writers, Connection c, String sql, StringBuilder json)
      throws SQLException, IOException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      JdbcRows rows = new JdbcRows(rs);
      RowWriter w = writers.writerFor(rows);
      StringWriter out = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(out)) {
        w.writeRows(rows, g, 1000);
      }
      json.append(out);
      return w;
    }
  }

  private static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  private static void keptUntilTheShapeChanges(Connection c, String alterToText) throws Exception {
    exec(
        c,
        "CREATE TABLE events (id integer, at timestamp)",
        "INSERT INTO events VALUES (1, TIMESTAMP '2024-05-01 13:45:00')");
    RowWriters writers = new RowWriters(JsonNumbers.NUMBER);
    StringBuilder first = new StringBuilder();
    RowWriter w = write(writers, c, "SELECT id, at FROM events", first);
    assertEquals("[{\"id\":1,\"at\":\"2024-05-01T13:45:00\"}]", first.toString());
    assertSame(w, write(writers, c, "SELECT id, at FROM events", new StringBuilder()));

    StringBuilder relabelled = new StringBuilder();
    RowWriter other = write(writers, c, "SELECT id AS ident, at FROM events", relabelled);
    assertNotSame(w, other);
    assertEquals("[{\"ident\":1,\"at\":\"2024-05-01T13:45:00\"}]", relabelled.toString());

    exec(c, alterToText, "UPDATE events SET at = 'soon'");
    StringBuilder retyped = new StringBuilder();
    RowWriter after = write(writers, c, "SELECT id, at FROM events", retyped);
    assertNotSame(w, after);
    assertEquals("[{\"id\":1,\"at\":\"soon\"}]", retyped.toString());
  }

  @Test
  void keptWhileResultsFitAndRebuiltWhenTheyDoNotOnH2() throws Exception {
    try (Connection c = ResultTestDatabases.h2()) {
      keptUntilTheShapeChanges(c, "ALTER TABLE events ALTER COLUMN at SET DATA TYPE varchar(20)");
    }
  }

  @Test
  void keptWhileResultsFitAndRebuiltWhenTheyDoNotOnPostgres() throws Exception {
    Optional<Connection> pg = ResultTestDatabases.postgres();
    Assumptions.assumeTrue(pg.isPresent(), "SLUICE_TEST_JDBC_URL is not set");
    try (Connection c = pg.get()) {
      String schema = ResultTestDatabases.createSchema(c, "rws_test");
      try {
        keptUntilTheShapeChanges(c, "ALTER TABLE events ALTER COLUMN at TYPE text");
      } finally {
        ResultTestDatabases.dropSchema(c, schema);
      }
    }
  }

  /** One cached writer, many threads writing dates at once: each write has its own buffer. */
  @Test
  void oneWriterServesConcurrentResults() throws Exception {
    String url = ResultTestDatabases.h2Url() + ";DB_CLOSE_DELAY=-1";
    try (Connection setup = DriverManager.getConnection(url)) {
      exec(
          setup, "CREATE TABLE days (id integer PRIMARY KEY, d date, ts timestamp with time zone)");
      try (PreparedStatement ps = setup.prepareStatement("INSERT INTO days VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 200; i++) {
          ps.setInt(1, i);
          ps.setObject(2, LocalDate.of(2000, 1, 1).plusDays(i));
          ps.setObject(
              3, OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)).plusMinutes(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      RowWriters writers = new RowWriters(JsonNumbers.NUMBER);
      int threads = 4;
      List<String> expected = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        StringBuilder json = new StringBuilder();
        write(writers, setup, query(t), json);
        expected.add(json.toString());
      }
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          done.add(
              pool.submit(
                  () -> {
                    int checked = 0;
                    try (Connection c = DriverManager.getConnection(url)) {
                      for (int i = 0; i < 50; i++) {
                        StringBuilder json = new StringBuilder();
                        write(writers, c, query(id), json);
                        assertEquals(expected.get(id), json.toString());
                        checked++;
                      }
                    }
                    return checked;
                  }));
        }
        for (Future<Integer> f : done) {
          assertEquals(50, f.get(60, TimeUnit.SECONDS));
        }
      }
      exec(setup, "DROP TABLE days");
    }
  }

  /** The same columns for every thread, different rows. */
  private static String query(int thread) {
    return "SELECT id, d, ts FROM days WHERE MOD(id, 4) = " + thread + " ORDER BY id";
  }
}
