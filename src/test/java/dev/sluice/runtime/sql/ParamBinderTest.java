package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.problem.ProblemException;
import dev.sluice.spec.ParamType;
import dev.sluice.sqltext.NamedSql;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binds every type through a real statement, on PostgreSQL ({@code SLUICE_TEST_JDBC_URL}; skipped
 * without it unless {@code SLUICE_TEST_REQUIRE_DB=1}) and on H2 in PostgreSQL mode (always).
 */
class ParamBinderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The databases, and how each spells a cast of a placeholder. */
  enum Db {
    POSTGRES(
        Map.of(
            ParamType.STRING, "text",
            ParamType.INTEGER, "bigint",
            ParamType.NUMBER, "numeric",
            ParamType.BOOLEAN, "boolean",
            ParamType.UUID, "uuid",
            ParamType.DATE, "date",
            ParamType.TIMESTAMP, "timestamptz",
            ParamType.JSON, "jsonb")),
    H2(
        Map.of(
            ParamType.STRING, "VARCHAR",
            ParamType.INTEGER, "BIGINT",
            ParamType.NUMBER, "NUMERIC(40, 10)",
            ParamType.BOOLEAN, "BOOLEAN",
            ParamType.UUID, "UUID",
            ParamType.DATE, "DATE",
            ParamType.TIMESTAMP, "TIMESTAMP WITH TIME ZONE",
            ParamType.JSON, "JSON"));

    private final Map<ParamType, String> types;

    Db(Map<ParamType, String> types) {
      this.types = types;
    }

    /** {@code ?::bigint} on PostgreSQL, {@code CAST(? AS BIGINT)} on H2. */
    String cast(ParamType type, boolean array) {
      String t = types.get(type);
      if (this == POSTGRES) {
        return "?::" + t + (array ? "[]" : "");
      }
      if (type == ParamType.JSON && !array) {
        return "? FORMAT JSON"; // H2 reads CAST(? AS JSON) as a JSON string
      }
      return "CAST(? AS " + t + (array ? " ARRAY" : "") + ")";
    }

    Connection connect() throws SQLException {
      if (this == H2) {
        return DriverManager.getConnection(
            "jdbc:h2:mem:binder_"
                + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
      }
      return DriverManager.getConnection(dev.sluice.testing.TestServices.postgresUrl());
    }

    /** A table for this connection only (a temporary table on PostgreSQL). */
    String createTable(String nameAndColumns) {
      return (this == POSTGRES ? "CREATE TEMPORARY TABLE " : "CREATE TABLE ") + nameAndColumns;
    }
  }

  static Stream<Arguments> values() {
    List<Arguments> all = new ArrayList<>();
    Object[][] samples = {
      {ParamType.STRING, "héllo ' OR 1=1 -- 😀"},
      {ParamType.INTEGER, Long.MIN_VALUE},
      {ParamType.NUMBER, new BigDecimal("12345.6789")},
      {ParamType.BOOLEAN, true},
      {ParamType.UUID, UUID.fromString("123e4567-e89b-12d3-a456-426614174000")},
      {ParamType.DATE, LocalDate.of(2024, 5, 1)},
      {ParamType.TIMESTAMP, OffsetDateTime.parse("2024-05-01T10:00:00.123456+02:00")},
      {ParamType.JSON, "{\"a\": [1, 2], \"b\": \"x\"}"},
    };
    for (Db db : Db.values()) {
      for (Object[] s : samples) {
        all.add(Arguments.of(db, s[0], s[1]));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("values")
  void roundTrips(Db db, ParamType type, Object value) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT " + db.cast(type, false))) {
      ParamBinder.bind(ps, 1, type, false, ParamValue.of(value));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertSame(type, value, read(rs, type));
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("values")
  void arraysRoundTrip(Db db, ParamType type, Object value) throws Exception {
    // json arrays bind as text[]: PostgreSQL casts them (:docs::jsonb[]), H2 keeps text
    String cast =
        type == ParamType.JSON && db == Db.H2
            ? db.cast(ParamType.STRING, true)
            : db.cast(type, true);
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT " + cast)) {
      ParamBinder.bind(ps, 1, type, true, ParamValue.of(List.of(value, value)));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Array a = rs.getArray(1);
        Object[] items = (Object[]) a.getArray();
        assertThat(items.length, is(2));
        for (Object item : items) {
          assertSame(type, value, normalise(type, item));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("values")
  void absentBindsNull(Db db, ParamType type, Object ignored) throws Exception {
    for (boolean array : new boolean[] {false, true}) {
      try (Connection c = db.connect();
          PreparedStatement ps =
              c.prepareStatement("SELECT " + db.cast(type, array) + " IS NULL")) {
        ParamBinder.bind(ps, 1, type, array, ParamValue.absent());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(type + (array ? "[]" : ""), rs.getBoolean(1), is(true));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anyOfAnArray(Db db) throws Exception {
    try (Connection c = db.connect()) {
      items(db, c);
      NamedSql byId = NamedSql.parse("SELECT id FROM items WHERE id = ANY(:ids) ORDER BY id");
      assertThat(
          ids(c, byId, ParamType.INTEGER, true, ParamValue.of(List.of(3L, 1L, 99L))),
          contains(1L, 3L));
      assertThat(ids(c, byId, ParamType.INTEGER, true, ParamValue.of(List.of())), is(empty()));
      assertThat(ids(c, byId, ParamType.INTEGER, true, ParamValue.absent()), is(empty()));
      NamedSql byName = NamedSql.parse("SELECT id FROM items WHERE name = ANY(:names) ORDER BY id");
      assertThat(
          ids(c, byName, ParamType.STRING, true, ParamValue.of(List.of("b", "zz", "c"))),
          contains(2L, 3L));
      assertThat(ids(c, byName, ParamType.STRING, true, ParamValue.absent()), is(empty()));
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void readsAndBindsFromTheQueryString(Db db) throws Exception {
    try (Connection c = db.connect()) {
      items(db, c);
      ParamReader reader =
          ParamReaderTest.Spec.of("ids", ParamType.INTEGER).source("id").array().reader();
      NamedSql sql = NamedSql.parse("SELECT id FROM items WHERE id = ANY(:ids) ORDER BY id");
      ParamValue v = reader.readStrings(List.of("2,3", "1"));
      assertThat(ids(c, sql, ParamType.INTEGER, true, v), contains(1L, 2L, 3L));
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void injectionLookingValuesAreJustValues(Db db) throws Exception {
    try (Connection c = db.connect()) {
      items(db, c);
      NamedSql sql = NamedSql.parse("SELECT id FROM items WHERE name = :name");
      ParamReader name = ParamReaderTest.Spec.of("name", ParamType.STRING).reader();
      for (String evil : List.of("' OR 1=1 --", "1;DROP TABLE items", "a'; DROP TABLE items; --")) {
        assertThat(
            evil,
            ids(c, sql, ParamType.STRING, false, name.readStrings(List.of(evil))),
            is(empty()));
      }
      NamedSql echo =
          NamedSql.parse("SELECT " + db.cast(ParamType.STRING, false).replace("?", ":s"));
      try (PreparedStatement ps = c.prepareStatement(echo.jdbcSql())) {
        ParamBinder.bind(
            ps, 1, ParamType.STRING, false, name.readStrings(List.of("1;DROP TABLE items")));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getString(1), is("1;DROP TABLE items"));
        }
      }
      ParamReader id = ParamReaderTest.Spec.of("id", ParamType.INTEGER).reader();
      ProblemException e =
          assertThrows(ProblemException.class, () -> id.readStrings(List.of("1;DROP TABLE items")));
      assertThat(e.status().code(), is(400));
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
        rs.next();
        assertThat(rs.getLong(1), is(3L));
      }
    }
  }

  @Test
  void postgresJsonbOperatorsAndQuotedQuestionMarks() throws Exception {
    try (Connection c = Db.POSTGRES.connect()) {
      NamedSql sql =
          NamedSql.parse(
              "SELECT CAST(:doc AS jsonb) ? :key, :doc::jsonb ?| :keys, :doc::jsonb ?& :keys,"
                  + " $$?$$ || :key /* ? */, '?' -- ?\n, E'\\'?' || :key");
      try (PreparedStatement ps = c.prepareStatement(sql.jdbcSql())) {
        Map<String, ParamValue> values =
            Map.of(
                "doc", ParamValue.of("{\"a\": 1, \"b\": 2}"),
                "key", ParamValue.of("a"),
                "keys", ParamValue.of(List.of("a", "z")));
        List<String> params = sql.parameters();
        for (int i = 0; i < params.size(); i++) {
          String p = params.get(i);
          ParamType type = p.equals("doc") ? ParamType.JSON : ParamType.STRING;
          ParamBinder.bind(ps, i + 1, type, p.equals("keys"), values.get(p));
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getBoolean(1), is(true));
          assertThat(rs.getBoolean(2), is(true));
          assertThat(rs.getBoolean(3), is(false));
          assertThat(rs.getString(4), is("?a"));
          assertThat(rs.getString(5), is("?"));
          assertThat(rs.getString(6), is("'?a"));
        }
      }
    }
  }

  @Test
  void postgresStoresJsonIntoAJsonbColumn() throws Exception {
    try (Connection c = Db.POSTGRES.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMPORARY TABLE docs (id bigint, doc jsonb)");
      }
      NamedSql insert = NamedSql.parse("INSERT INTO docs VALUES (:id, :doc::jsonb)");
      try (PreparedStatement ps = c.prepareStatement(insert.jdbcSql())) {
        ParamBinder.bind(ps, 1, ParamType.INTEGER, false, ParamValue.of(1L));
        ParamBinder.bind(ps, 2, ParamType.JSON, false, ParamValue.of("{\"k\": [true]}"));
        assertThat(ps.executeUpdate(), is(1));
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT doc->'k'->>0 FROM docs WHERE id = 1")) {
        rs.next();
        assertThat(rs.getString(1), is("true"));
      }
    }
  }

  @Test
  void rejectsAValueOfTheWrongJavaType() throws Exception {
    try (Connection c = Db.H2.connect();
        PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS BIGINT)")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ParamBinder.bind(ps, 1, ParamType.INTEGER, false, ParamValue.of("1")));
      assertThat(e.getMessage(), is("the value for placeholder 1 is not of type integer"));
    }
  }

  // ---- helpers ----

  private static void items(Db db, Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(db.createTable("items (id bigint PRIMARY KEY, name varchar(20))"));
      s.execute("INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }
  }

  /** The ids a query with one parameter returns. */
  private static List<Long> ids(
      Connection c, NamedSql sql, ParamType type, boolean array, ParamValue v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.jdbcSql())) {
      ParamBinder.bind(ps, 1, type, array, v);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }
  }

  private static Object read(ResultSet rs, ParamType type) throws SQLException {
    return switch (type) {
      case STRING, JSON -> rs.getString(1);
      case INTEGER -> rs.getLong(1);
      case NUMBER -> rs.getBigDecimal(1);
      case BOOLEAN -> rs.getBoolean(1);
      case UUID -> rs.getObject(1, UUID.class);
      case DATE -> rs.getObject(1, LocalDate.class);
      case TIMESTAMP -> rs.getObject(1, OffsetDateTime.class);
    };
  }

  /** Array items come back as the driver's own classes. */
  private static Object normalise(ParamType type, Object item) {
    return switch (type) {
      case DATE -> item instanceof java.sql.Date d ? d.toLocalDate() : item;
      case TIMESTAMP ->
          item instanceof java.sql.Timestamp t
              ? t.toInstant()
              : item instanceof OffsetDateTime o ? o.toInstant() : item;
      case UUID -> item instanceof String s ? UUID.fromString(s) : item;
      case INTEGER -> ((Number) item).longValue();
      default -> item;
    };
  }

  private static void assertSame(ParamType type, Object expected, Object actual) throws Exception {
    switch (type) {
      case NUMBER -> assertThat(((BigDecimal) actual).compareTo((BigDecimal) expected), is(0));
      case TIMESTAMP -> {
        Object instant = actual instanceof OffsetDateTime o ? o.toInstant() : actual;
        assertThat(instant, is(((OffsetDateTime) expected).toInstant()));
      }
      case JSON ->
          assertThat(MAPPER.readTree((String) actual), is(MAPPER.readTree((String) expected)));
      default -> assertThat(actual, is(expected));
    }
  }
}
