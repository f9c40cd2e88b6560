package dev.sluice.runtime.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.runtime.telemetry.QueryTimers;
import dev.sluice.runtime.telemetry.SqlTracing;
import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.Origin;
import dev.sluice.sqltext.NamedSql;
import dev.sluice.sqltext.SqlTextException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

class RowWriterTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String UUID = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";

  /**
   * The same row on both databases: the JSON differs only where the databases print differently.
   */
  private static final String TYPES_ROW =
      "{\"id\":1,\"si\":1,\"i\":-2,\"bi\":9007199254740993,\"r\":1.5,\"d\":0.1,"
          + "\"n\":12345678901234567890.123456789,\"dm\":3.10,\"b\":true,\"t\":\"x \\\"q\\\"\","
          + "\"vc\":\"ünï\",\"ch\":\"ab \",\"u\":\""
          + UUID
          + "\",\"dt\":\"2024-05-01\",\"tm\":\"13:45:00\",\"ts\":\"2024-05-01T13:45:00\","
          + "\"tsf\":\"2024-05-01T13:45:00.5\",\"tstz\":\"2024-05-01T11:45:00Z\",";

  private static final String TYPES_NULL_ROW =
      "{\"id\":2,\"si\":null,\"i\":null,\"bi\":null,\"r\":null,\"d\":null,\"n\":null,\"dm\":null,"
          + "\"b\":null,\"t\":null,\"vc\":null,\"ch\":null,\"u\":null,\"dt\":null,\"tm\":null,"
          + "\"ts\":null,\"tsf\":null,\"tstz\":null,\"j\":null,\"jb\":null,\"by\":null,\"iv\":null}";

  /** How a test's statement reaches its database: its rows, read while the driver holds them. */
  @FunctionalInterface
  interface Query {
    <T> T rows(String sql, Reader<T> reader) throws SQLException;
  }

  @FunctionalInterface
  interface Reader<T> {
    T read(ResultRows rows) throws IOException;
  }

  /** Plain JDBC on one connection. */
  static Query jdbc(Connection c) {
    return new Query() {
      @Override
      public <T> T rows(String sql, Reader<T> reader) throws SQLException {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(sql)) {
          return reader.read(new JdbcRows(rs));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  static String write(Connection c, String sql, JsonNumbers numbers, int maxRows)
      throws SQLException {
    return write(jdbc(c), sql, numbers, maxRows);
  }

  static String write(Query q, String sql, JsonNumbers numbers, int maxRows) throws SQLException {
    return writeCounting(q, sql, numbers, maxRows, new ArrayList<>());
  }

  static String writeCounting(
      Query q, String sql, JsonNumbers numbers, int maxRows, List<RowWriter.Written> out)
      throws SQLException {
    String json =
        q.rows(
            sql,
            rows -> {
              StringWriter w = new StringWriter();
              try (JsonGenerator g = JSON.createGenerator(w)) {
                out.add(RowWriter.of(rows, numbers).writeRows(rows, g, maxRows));
              }
              return w.toString();
            });
    assertValidJson(json);
    return json;
  }

  static String one(Connection c, String sql, JsonNumbers numbers) throws SQLException {
    return one(jdbc(c), sql, numbers);
  }

  static String one(Query q, String sql, JsonNumbers numbers) throws SQLException {
    String json =
        q.rows(
            sql,
            rows -> {
              assertTrue(rows.next(), "no row: " + sql);
              StringWriter w = new StringWriter();
              try (JsonGenerator g = JSON.createGenerator(w)) {
                RowWriter.of(rows, numbers).writeRow(rows, g);
              }
              return w.toString();
            });
    assertValidJson(json);
    return json;
  }

  private static void assertValidJson(String json) {
    try {
      MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not valid JSON: " + json, e);
    }
  }

  static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Postgres {
    Connection c;
    String schema;

    /** How the rows are read: JDBC here, the pipelined driver in a subclass. */
    Query q() {
      return jdbc(c);
    }

    @BeforeAll
    void setUp() throws SQLException {
      Optional<Connection> pg = ResultTestDatabases.postgres();
      Assumptions.assumeTrue(pg.isPresent(), "SLUICE_TEST_JDBC_URL is not set");
      c = pg.get();
      schema = ResultTestDatabases.createSchema(c, "rw_test");
      exec(
          c,
          "CREATE TYPE mood AS ENUM ('sad', 'happy')",
          "CREATE TABLE all_types (id integer PRIMARY KEY, si smallint, i integer, bi bigint,"
              + " r real, d double precision, n numeric, dm decimal(10,2), b boolean, t text,"
              + " vc varchar(10), ch char(3), u uuid, dt date, tm time, ts timestamp,"
              + " tsf timestamp, tstz timestamptz, j json, jb jsonb, by bytea, iv interval)",
          "INSERT INTO all_types VALUES (1, 1, -2, 9007199254740993, 1.5, 0.1,"
              + " 12345678901234567890.123456789, 3.1, true, 'x \"q\"', 'ünï', 'ab', '"
              + UUID
              + "', '2024-05-01', '13:45:00', '2024-05-01 13:45:00', '2024-05-01 13:45:00.5',"
              + " '2024-05-01 13:45:00+02', '{\"a\": [1, 2.50]}', '{\"b\": [1, 2]}',"
              + " '\\x00ff10', '1 day 2 hours')",
          "INSERT INTO all_types (id) VALUES (2)");
    }

    @AfterAll
    void tearDown() throws SQLException {
      if (c != null) {
        ResultTestDatabases.dropSchema(c, schema);
        c.close();
      }
    }

    @Test
    void everyTypeAsNumbers() throws SQLException {
      assertEquals(
          "["
              + TYPES_ROW
              + "\"j\":{\"a\": [1, 2.50]},\"jb\":{\"b\": [1, 2]},\"by\":\"AP8Q\","
              + "\"iv\":\"1 day 02:00:00\"},"
              + TYPES_NULL_ROW
              + "]",
          write(q(), "SELECT * FROM all_types ORDER BY id", JsonNumbers.NUMBER, 10));
    }

    @Test
    void bigNumbersAsStrings() throws SQLException {
      assertEquals(
          "[{\"bi\":\"9007199254740993\",\"n\":\"12345678901234567890.123456789\","
              + "\"dm\":\"3.10\",\"i\":-2,\"d\":0.1},"
              + "{\"bi\":null,\"n\":null,\"dm\":null,\"i\":null,\"d\":null}]",
          write(q(), "SELECT bi, n, dm, i, d FROM all_types ORDER BY id", JsonNumbers.STRING, 10));
    }

    @Test
    void bigintAtTheEdgeOfSafeIntegers() throws SQLException {
      String sql =
          "SELECT 9007199254740991::int8 AS max_safe, 9007199254740992::int8 AS two53,"
              + " 9007199254740993::int8 AS two53_1, -9007199254740991::int8 AS min_safe,"
              + " -9007199254740993::int8 AS neg, 9223372036854775807::int8 AS max";
      assertEquals(
          "{\"max_safe\":9007199254740991,\"two53\":9007199254740992,"
              + "\"two53_1\":9007199254740993,\"min_safe\":-9007199254740991,"
              + "\"neg\":-9007199254740993,\"max\":9223372036854775807}",
          one(q(), sql, JsonNumbers.NUMBER));
      assertEquals(
          "{\"max_safe\":9007199254740991,\"two53\":\"9007199254740992\","
              + "\"two53_1\":\"9007199254740993\",\"min_safe\":-9007199254740991,"
              + "\"neg\":\"-9007199254740993\",\"max\":\"9223372036854775807\"}",
          one(q(), sql, JsonNumbers.STRING));
    }

    @Test
    void arrays() throws SQLException {
      String sql =
          "SELECT ARRAY[1, NULL, 3] AS ia, ARRAY['a', 'b c', NULL] AS ta, ARRAY['"
              + UUID
              + "'::uuid] AS ua, ARRAY[[1, 2], [3, 4]] AS nest, '{}'::int[] AS empty,"
              + " NULL::int[] AS nul, ARRAY['2024-05-01 13:45:00.25+02'::timestamptz] AS tstza,"
              + " ARRAY['2024-05-01 13:45:00'::timestamp, 'infinity'] AS tsa,"
              + " ARRAY['2024-05-01'::date, '-infinity'] AS da, ARRAY[1.50::numeric, 'NaN'] AS na,"
              + " ARRAY[true, false] AS ba, ARRAY['\\x0102'::bytea] AS bya,"
              + " ARRAY['{\"x\": 1}'::jsonb, 'null'] AS ja, ARRAY['NaN'::float8, 2.5] AS fa,"
              + " ARRAY[1.5::real] AS ra, ARRAY[9007199254740993::int8] AS bia,"
              + " ARRAY['13:45:00'::time] AS tma, ARRAY['13:45:00+02'::timetz] AS ttza,"
              + " ARRAY['happy'::mood] AS ea";
      assertEquals(
          "{\"ia\":[1,null,3],\"ta\":[\"a\",\"b c\",null],\"ua\":[\""
              + UUID
              + "\"],\"nest\":[[1,2],[3,4]],\"empty\":[],\"nul\":null,"
              + "\"tstza\":[\"2024-05-01T11:45:00.25Z\"],"
              + "\"tsa\":[\"2024-05-01T13:45:00\",\"infinity\"],"
              + "\"da\":[\"2024-05-01\",\"-infinity\"],\"na\":[1.50,\"NaN\"],"
              + "\"ba\":[true,false],\"bya\":[\"AQI=\"],\"ja\":[{\"x\": 1},null],"
              + "\"fa\":[\"NaN\",2.5],\"ra\":[1.5],\"bia\":[9007199254740993],"
              + "\"tma\":[\"13:45:00\"],\"ttza\":[\"11:45:00Z\"],\"ea\":[\"happy\"]}",
          one(q(), sql, JsonNumbers.NUMBER));
      assertEquals(
          "{\"na\":[\"1.50\",\"NaN\"],\"bia\":[\"9007199254740993\"],\"ia\":[1,null,3]}",
          one(
              q(),
              "SELECT ARRAY[1.50::numeric, 'NaN'] AS na, ARRAY[9007199254740993::int8] AS bia,"
                  + " ARRAY[1, NULL, 3] AS ia",
              JsonNumbers.STRING));
    }

    @Test
    void numericArraysWithNonNumbers() throws SQLException {
      String sql =
          "SELECT ARRAY[[1.50::numeric, NULL], ['Infinity'::numeric, '-Infinity']] AS nest,"
              + " ARRAY[0.0000001::numeric, 'NaN', -2] AS flat";
      assertEquals(
          "{\"nest\":[[1.50,null],[\"Infinity\",\"-Infinity\"]],\"flat\":[0.0000001,\"NaN\",-2]}",
          one(q(), sql, JsonNumbers.NUMBER));
      assertEquals(
          "{\"nest\":[[\"1.50\",null],[\"Infinity\",\"-Infinity\"]],"
              + "\"flat\":[\"0.0000001\",\"NaN\",\"-2\"]}",
          one(q(), sql, JsonNumbers.STRING));
    }

    @Test
    void specialValues() throws SQLException {
      assertEquals(
          "{\"rn\":\"NaN\",\"dn\":\"-Infinity\",\"dp\":\"Infinity\",\"nn\":\"Infinity\","
              + "\"nnan\":\"NaN\",\"tsi\":\"infinity\",\"tzi\":\"-infinity\",\"di\":\"infinity\","
              + "\"t24\":\"24:00:00\",\"bc\":\"-0043-03-15\",\"far\":\"+10000-01-01\","
              + "\"tf\":\"13:45:00.123456\",\"tsf\":\"2024-05-01T13:45:00.000001\","
              + "\"ttz\":\"11:45:00Z\",\"tiny\":0.0000001,\"neg\":-0.5,\"zero\":0}",
          one(
              q(),
              "SELECT 'NaN'::real AS rn, '-Infinity'::float8 AS dn, 'Infinity'::float8 AS dp,"
                  + " 'Infinity'::numeric AS nn, 'NaN'::numeric AS nnan,"
                  + " 'infinity'::timestamp AS tsi, '-infinity'::timestamptz AS tzi,"
                  + " 'infinity'::date AS di, '24:00:00'::time AS t24,"
                  + " '0044-03-15 BC'::date AS bc, '10000-01-01'::date AS far,"
                  + " '13:45:00.123456'::time AS tf,"
                  + " '2024-05-01 13:45:00.000001'::timestamp AS tsf,"
                  + " '13:45:00+02'::timetz AS ttz, 0.0000001::numeric AS tiny,"
                  + " (-0.5)::numeric AS neg, 0::int8 AS zero",
              JsonNumbers.NUMBER));
    }

    @Test
    void otherTypesAsTheirText() throws SQLException {
      assertEquals(
          "{\"iv\":\"1 day 02:00:00\",\"ip\":\"10.0.0.1/8\",\"e\":\"happy\",\"x\":\"<a>b</a>\","
              + "\"bits\":\"101\",\"pt\":\"(1,2)\",\"rec\":\"(1,a)\"}",
          one(
              q(),
              "SELECT '1 day 2 hours'::interval AS iv, '10.0.0.1/8'::inet AS ip,"
                  + " 'happy'::mood AS e, '<a>b</a>'::xml AS x, B'101' AS bits,"
                  + " '(1,2)'::point AS pt, ROW(1, 'a') AS rec",
              JsonNumbers.NUMBER));
    }

    @Test
    void labelsBecomeKeys() throws SQLException {
      assertEquals(
          "{\"userId\":1,\"?column?\":2,\"café\":3}",
          one(q(), "SELECT 1 AS \"userId\", 2, 3 AS café", JsonNumbers.NUMBER));
    }

    @Test
    void maxRows() throws SQLException {
      assertMaxRows(
          q(), "SELECT x FROM generate_series(1, 5) AS g(x)", "SELECT 1 AS x WHERE false");
    }

    @Test
    void duplicateLabelsAreRejected() {
      assertDuplicateLabelsRejected(q());
    }
  }

  /** The same rows through the pipelined driver: the same JSON. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PostgresPipelined extends Postgres {
    private Datasource pipelined;

    @BeforeAll
    void openPipelined() throws SQLException {
      pipelined =
          new Datasource(
              new DatasourceSpec(
                      "main",
                      ResultTestDatabases.withSchema(
                          ResultTestDatabases.postgresUrl().orElseThrow(), schema),
                      "",
                      "",
                      1,
                      Duration.ofSeconds(2),
                      Duration.ofSeconds(10),
                      Optional.empty(),
                      new Origin("gateway.yaml", 1, 1, "/datasources/main"))
                  .withDriver(DatasourceSpec.Driver.PIPELINED));
      pipelined.open();
    }

    @AfterAll
    void closePipelined() {
      if (pipelined != null) {
        pipelined.close();
      }
    }

    @Override
    Query q() {
      return pipelinedQuery(pipelined);
    }

    // Where the driver's decoding differs from pgjdbc's text (docs/sql.md, "Drivers"):

    /** json and jsonb are re-encoded from the driver's decoding: no spaces, 2.50 as 2.5. */
    @Test
    @Override
    void everyTypeAsNumbers() throws SQLException {
      assertEquals(
          "["
              + TYPES_ROW
              + "\"j\":{\"a\":[1,2.5]},\"jb\":{\"b\":[1,2]},\"by\":\"AP8Q\","
              + "\"iv\":\"1 day 02:00:00\"},"
              + TYPES_NULL_ROW
              + "]",
          write(q(), "SELECT * FROM all_types ORDER BY id", JsonNumbers.NUMBER, 10));
    }

    /**
     * Arrays as JDBC writes them, except: a multi-dimensional array is null (the driver does not
     * decode it), json elements re-encoded, an array of an enum as the driver's object text.
     */
    @Test
    @Override
    void arrays() throws SQLException {
      String sql =
          "SELECT ARRAY[1, NULL, 3] AS ia, ARRAY[[1, 2], [3, 4]] AS nest,"
              + " ARRAY['2024-05-01 13:45:00.25+02'::timestamptz] AS tstza,"
              + " ARRAY['2024-05-01'::date, '-infinity'] AS da, ARRAY[1.50::numeric, 'NaN'] AS na,"
              + " ARRAY['\\x0102'::bytea] AS bya, ARRAY['{\"x\": 1}'::jsonb, 'null'] AS ja,"
              + " ARRAY['NaN'::float8, 2.5] AS fa, ARRAY['13:45:00+02'::timetz] AS ttza";
      assertEquals(
          "{\"ia\":[1,null,3],\"nest\":null,\"tstza\":[\"2024-05-01T11:45:00.25Z\"],"
              + "\"da\":[\"2024-05-01\",\"-infinity\"],\"na\":[1.50,\"NaN\"],"
              + "\"bya\":[\"AQI=\"],\"ja\":[{\"x\":1},null],\"fa\":[\"NaN\",2.5],"
              + "\"ttza\":[\"11:45:00Z\"]}",
          one(q(), sql, JsonNumbers.NUMBER));
    }

    /**
     * The driver cannot decode numeric ±Infinity (PostgreSQL 14+) nor the time 24:00:00: the
     * statement fails (500).
     */
    @Test
    @Override
    void numericArraysWithNonNumbers() {
      assertThrows(
          SqlFailure.class,
          () -> one(q(), "SELECT ARRAY['Infinity'::numeric] AS a", JsonNumbers.NUMBER));
      assertThrows(
          SqlFailure.class, () -> one(q(), "SELECT 'Infinity'::numeric AS a", JsonNumbers.NUMBER));
    }

    /** Special values as JDBC writes them, but for numeric ±Infinity and 24:00:00 (above). */
    @Test
    @Override
    void specialValues() throws SQLException {
      assertEquals(
          "{\"rn\":\"NaN\",\"dn\":\"-Infinity\",\"nnan\":\"NaN\",\"tsi\":\"infinity\","
              + "\"tzi\":\"-infinity\",\"di\":\"infinity\","
              + "\"bc\":\"-0043-03-15\",\"far\":\"+10000-01-01\",\"tf\":\"13:45:00.123456\","
              + "\"ttz\":\"11:45:00Z\",\"tiny\":0.0000001,\"zero\":0}",
          one(
              q(),
              "SELECT 'NaN'::real AS rn, '-Infinity'::float8 AS dn, 'NaN'::numeric AS nnan,"
                  + " 'infinity'::timestamp AS tsi, '-infinity'::timestamptz AS tzi,"
                  + " 'infinity'::date AS di,"
                  + " '0044-03-15 BC'::date AS bc, '10000-01-01'::date AS far,"
                  + " '13:45:00.123456'::time AS tf, '13:45:00+02'::timetz AS ttz,"
                  + " 0.0000001::numeric AS tiny, 0::int8 AS zero",
              JsonNumbers.NUMBER));
    }

    /**
     * A value the driver cannot decode closes its connection (the driver marks it closed before its
     * close handler runs): the next statement, sent at once, goes to another connection or a fresh
     * one, never to the closed one ("Connection is not active now, current status: CLOSED").
     */
    @Test
    void theStatementAfterAnUndecodableValueRunsOnAnOpenConnection() throws SQLException {
      for (int i = 0; i < 20; i++) {
        assertThrows(
            SqlFailure.class,
            () -> one(q(), "SELECT 'Infinity'::numeric AS a", JsonNumbers.NUMBER));
        assertEquals("{\"n\":" + i + "}", one(q(), "SELECT " + i + " AS n", JsonNumbers.NUMBER));
      }
    }

    /** interval, inet, enum, point and records as their text; xml and bit strings are null. */
    @Test
    @Override
    void otherTypesAsTheirText() throws SQLException {
      assertEquals(
          "{\"iv\":\"1 day 02:00:00\",\"ip\":\"10.0.0.1/8\",\"e\":\"happy\",\"x\":null,"
              + "\"bits\":null,\"pt\":\"(1,2)\",\"rec\":\"(1,a)\"}",
          one(
              q(),
              "SELECT '1 day 2 hours'::interval AS iv, '10.0.0.1/8'::inet AS ip,"
                  + " 'happy'::mood AS e, '<a>b</a>'::xml AS x, B'101' AS bits,"
                  + " '(1,2)'::point AS pt, ROW(1, 'a') AS rec",
              JsonNumbers.NUMBER));
    }
  }

  /** A statement without parameters run by a datasource's executor, on a read-only session. */
  static Query pipelinedQuery(Datasource d) {
    return new Query() {
      @Override
      public <T> T rows(String sql, Reader<T> reader) {
        try {
          StatementPlan plan =
              new StatementPlan(
                  NamedSql.parse(sql),
                  List.of(),
                  List.of(),
                  true,
                  0,
                  Optional.empty(),
                  SqlTracing.of(d.spec(), sql),
                  new QueryTimers().timer(d.name(), "test"));
          return d.executor()
              .prepare(plan)
              .run(
                  new ParamValue[0],
                  true,
                  StatementDeadline.NONE,
                  new Outcome<T>() {
                    @Override
                    public T rows(ResultRows rows) throws IOException {
                      return reader.read(rows);
                    }

                    @Override
                    public T updated(long count) {
                      throw new AssertionError("no rows");
                    }
                  });
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (SqlTextException e) {
          throw new IllegalArgumentException(e);
        }
      }
    };
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class H2 {
    private Connection c;

    @BeforeAll
    void setUp() throws SQLException {
      c = ResultTestDatabases.h2();
      exec(
          c,
          "CREATE TABLE all_types (id integer PRIMARY KEY, si smallint, i integer, bi bigint,"
              + " r real, d double precision, n numeric(40, 9), dm decimal(10,2), b boolean,"
              + " t text, vc varchar(10), ch char(3), u uuid, dt date, tm time, ts timestamp,"
              + " tsf timestamp(3), tstz timestamp with time zone, j json, jb jsonb, by bytea,"
              + " iv interval day to second)",
          "INSERT INTO all_types VALUES (1, 1, -2, 9007199254740993, 1.5, 0.1,"
              + " 12345678901234567890.123456789, 3.1, true, 'x \"q\"', 'ünï', 'ab', '"
              + UUID
              + "', '2024-05-01', '13:45:00', '2024-05-01 13:45:00', '2024-05-01 13:45:00.5',"
              + " '2024-05-01 13:45:00+02', '{\"a\": [1, 2.50]}' FORMAT JSON,"
              + " '{\"b\": [1, 2]}' FORMAT JSON, X'00ff10', INTERVAL '1 02:00:00' DAY TO SECOND)",
          "INSERT INTO all_types (id) VALUES (2)");
    }

    @AfterAll
    void tearDown() throws SQLException {
      c.close();
    }

    @Test
    void everyTypeAsNumbers() throws SQLException {
      assertEquals(
          "["
              + TYPES_ROW
              + "\"j\":{\"a\":[1,2.50]},\"jb\":{\"b\":[1,2]},\"by\":\"AP8Q\","
              + "\"iv\":\"INTERVAL '1 02:00:00' DAY TO SECOND\"},"
              + TYPES_NULL_ROW
              + "]",
          write(c, "SELECT * FROM all_types ORDER BY id", JsonNumbers.NUMBER, 10));
    }

    @Test
    void bigNumbersAsStrings() throws SQLException {
      assertEquals(
          "[{\"bi\":\"9007199254740993\",\"n\":\"12345678901234567890.123456789\","
              + "\"dm\":\"3.10\",\"i\":-2,\"d\":0.1},"
              + "{\"bi\":null,\"n\":null,\"dm\":null,\"i\":null,\"d\":null}]",
          write(c, "SELECT bi, n, dm, i, d FROM all_types ORDER BY id", JsonNumbers.STRING, 10));
    }

    @Test
    void bigintAtTheEdgeOfSafeIntegers() throws SQLException {
      String sql =
          "SELECT CAST(9007199254740991 AS BIGINT) AS max_safe,"
              + " CAST(9007199254740992 AS BIGINT) AS two53,"
              + " CAST(9007199254740993 AS BIGINT) AS two53_1,"
              + " CAST(-9007199254740993 AS BIGINT) AS neg";
      assertEquals(
          "{\"max_safe\":9007199254740991,\"two53\":9007199254740992,"
              + "\"two53_1\":9007199254740993,\"neg\":-9007199254740993}",
          one(c, sql, JsonNumbers.NUMBER));
      assertEquals(
          "{\"max_safe\":9007199254740991,\"two53\":\"9007199254740992\","
              + "\"two53_1\":\"9007199254740993\",\"neg\":\"-9007199254740993\"}",
          one(c, sql, JsonNumbers.STRING));
    }

    @Test
    void arrays() throws SQLException {
      String sql =
          "SELECT ARRAY[1, NULL, 3] AS ia, ARRAY['a', 'b c', NULL] AS ta,"
              + " ARRAY[CAST('"
              + UUID
              + "' AS UUID)] AS ua, ARRAY[ARRAY[1, 2], ARRAY[3, 4]] AS nest,"
              + " CAST(ARRAY[] AS INTEGER ARRAY) AS empty, CAST(NULL AS INTEGER ARRAY) AS nul,"
              + " ARRAY[TIMESTAMP WITH TIME ZONE '2024-05-01 13:45:00.25+02'] AS tstza,"
              + " ARRAY[TIMESTAMP '2024-05-01 13:45:00'] AS tsa, ARRAY[DATE '2024-05-01'] AS da,"
              + " ARRAY[CAST(1.50 AS NUMERIC(3, 2))] AS na, ARRAY[TRUE, FALSE] AS ba,"
              + " ARRAY[X'0102'] AS bya, ARRAY[JSON '{\"x\": 1}', JSON 'null'] AS ja,"
              + " ARRAY[CAST('NaN' AS DOUBLE PRECISION), CAST(2.5 AS DOUBLE PRECISION)] AS fa,"
              + " ARRAY[CAST(1.5 AS REAL)] AS ra, ARRAY[CAST(9007199254740993 AS BIGINT)] AS bia,"
              + " ARRAY[TIME '13:45:00'] AS tma,"
              + " ARRAY[TIME WITH TIME ZONE '13:45:00+02'] AS ttza";
      assertEquals(
          "{\"ia\":[1,null,3],\"ta\":[\"a\",\"b c\",null],\"ua\":[\""
              + UUID
              + "\"],\"nest\":[[1,2],[3,4]],\"empty\":[],\"nul\":null,"
              + "\"tstza\":[\"2024-05-01T11:45:00.25Z\"],"
              + "\"tsa\":[\"2024-05-01T13:45:00\"],"
              + "\"da\":[\"2024-05-01\"],\"na\":[1.50],"
              + "\"ba\":[true,false],\"bya\":[\"AQI=\"],\"ja\":[{\"x\":1},null],"
              + "\"fa\":[\"NaN\",2.5],\"ra\":[1.5],\"bia\":[9007199254740993],"
              + "\"tma\":[\"13:45:00\"],\"ttza\":[\"11:45:00Z\"]}",
          one(c, sql, JsonNumbers.NUMBER));
      assertEquals(
          "{\"na\":[\"1.50\"],\"bia\":[\"9007199254740993\"]}",
          one(
              c,
              "SELECT ARRAY[CAST(1.50 AS NUMERIC(3, 2))] AS na,"
                  + " ARRAY[CAST(9007199254740993 AS BIGINT)] AS bia",
              JsonNumbers.STRING));
    }

    @Test
    void specialValues() throws SQLException {
      assertEquals(
          "{\"rn\":\"NaN\",\"dn\":\"-Infinity\",\"dfn\":\"NaN\",\"dfi\":\"-Infinity\","
              + "\"df\":1E+20,\"tf\":\"13:45:00.123456\","
              + "\"tsf\":\"2024-05-01T13:45:00.000001\",\"ttz\":\"11:45:00Z\","
              + "\"tiny\":0.0000001,\"bc\":\"-0043-03-15\"}",
          one(
              c,
              "SELECT CAST('NaN' AS REAL) AS rn, CAST('-Infinity' AS DOUBLE PRECISION) AS dn,"
                  + " CAST('NaN' AS DECFLOAT) AS dfn, CAST('-Infinity' AS DECFLOAT) AS dfi,"
                  + " CAST(1E20 AS DECFLOAT) AS df, CAST('13:45:00.123456' AS TIME(6)) AS tf,"
                  + " CAST('2024-05-01 13:45:00.000001' AS TIMESTAMP(6)) AS tsf,"
                  + " TIME WITH TIME ZONE '13:45:00+02' AS ttz,"
                  + " CAST(0.0000001 AS NUMERIC(10, 7)) AS tiny, DATE '-0043-03-15' AS bc",
              JsonNumbers.NUMBER));
    }

    @Test
    void decfloatArrayWithNaN() throws SQLException {
      assertEquals(
          "{\"dfa\":[\"NaN\",1.5,null]}",
          one(
              c,
              "SELECT ARRAY[CAST('NaN' AS DECFLOAT), CAST(1.5 AS DECFLOAT), NULL] AS dfa",
              JsonNumbers.NUMBER));
    }

    @Test
    void otherTypesAsTheirText() throws SQLException {
      assertEquals(
          "{\"e\":\"happy\",\"cl\":\"text\",\"bl\":\"AQI=\"}",
          one(
              c,
              "SELECT CAST('happy' AS ENUM('sad', 'happy')) AS e,"
                  + " CAST('text' AS CHARACTER LARGE OBJECT) AS cl,"
                  + " CAST(X'0102' AS BINARY LARGE OBJECT) AS bl",
              JsonNumbers.NUMBER));
    }

    @Test
    void labelsBecomeKeys() throws SQLException {
      assertEquals(
          "{\"userId\":1,\"lower\":2}",
          one(c, "SELECT 1 AS \"userId\", 2 AS LOWER", JsonNumbers.NUMBER));
    }

    @Test
    void maxRows() throws SQLException {
      assertMaxRows(
          c,
          "SELECT x FROM (VALUES (1), (2), (3), (4), (5)) AS v(x) ORDER BY x",
          "SELECT 1 AS x WHERE FALSE");
    }

    @Test
    void duplicateLabelsAreRejected() {
      assertDuplicateLabelsRejected(c);
    }
  }

  static void assertMaxRows(Connection c, String fiveRows, String noRows) throws SQLException {
    assertMaxRows(jdbc(c), fiveRows, noRows);
  }

  static void assertMaxRows(Query c, String fiveRows, String noRows) throws SQLException {
    List<RowWriter.Written> w = new ArrayList<>();
    assertEquals(
        "[{\"x\":1},{\"x\":2},{\"x\":3}]", writeCounting(c, fiveRows, JsonNumbers.NUMBER, 3, w));
    assertEquals(new RowWriter.Written(3, true), w.getLast());
    assertEquals(
        "[{\"x\":1},{\"x\":2},{\"x\":3},{\"x\":4},{\"x\":5}]",
        writeCounting(c, fiveRows, JsonNumbers.NUMBER, 5, w));
    assertEquals(new RowWriter.Written(5, false), w.getLast());
    writeCounting(c, fiveRows, JsonNumbers.NUMBER, 100, w);
    assertEquals(new RowWriter.Written(5, false), w.getLast());
    assertEquals("[]", writeCounting(c, fiveRows, JsonNumbers.NUMBER, 0, w));
    assertEquals(new RowWriter.Written(0, true), w.getLast());
    assertEquals("[]", writeCounting(c, noRows, JsonNumbers.NUMBER, 0, w));
    assertEquals(new RowWriter.Written(0, false), w.getLast());
    assertThrows(IllegalArgumentException.class, () -> write(c, fiveRows, JsonNumbers.NUMBER, -1));
  }

  static void assertDuplicateLabelsRejected(Connection c) {
    assertDuplicateLabelsRejected(jdbc(c));
  }

  static void assertDuplicateLabelsRejected(Query c) {
    SqlFailure e =
        assertThrows(
            SqlFailure.class, () -> write(c, "SELECT 1 AS a, 2 AS a", JsonNumbers.NUMBER, 1));
    assertEquals("42712", e.sqlState());
    assertFalse(e.getMessage().contains("SELECT"));
  }
}
