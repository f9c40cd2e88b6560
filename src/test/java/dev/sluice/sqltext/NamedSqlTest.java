package dev.sluice.sqltext;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamedSqlTest {

  static Stream<Arguments> parsed() {
    return Stream.of(
        // name: sql, jdbcSql, parameters (comma-separated)
        Arguments.of("no parameters", "SELECT 1", "SELECT 1", ""),
        Arguments.of("one", "SELECT * FROM t WHERE id = :id", "SELECT * FROM t WHERE id = ?", "id"),
        Arguments.of("name chars", "VALUES (:_a, :B9_x, :a1)", "VALUES (?, ?, ?)", "_a,B9_x,a1"),
        Arguments.of("repeated", "SELECT :a, :b, :a", "SELECT ?, ?, ?", "a,b,a"),
        Arguments.of("at the end", "LIMIT :n", "LIMIT ?", "n"),
        Arguments.of("adjacent to text", "(:a)+:b", "(?)+?", "a,b"),
        Arguments.of("cast", "SELECT x::int FROM t", "SELECT x::int FROM t", ""),
        Arguments.of("param then cast", "WHERE id = :id::int", "WHERE id = ?::int", "id"),
        Arguments.of(
            "param then cast with type args",
            "SELECT :p::numeric(10,2)",
            "SELECT ?::numeric(10,2)",
            "p"),
        Arguments.of("cast then param-like type", "SELECT 1::text", "SELECT 1::text", ""),
        Arguments.of("assignment", "x := :v", "x := ?", "v"),
        Arguments.of("lone colon", "SELECT ':' , a : b", "SELECT ':' , a : b", ""),
        Arguments.of("colon at end", "SELECT 1:", "SELECT 1:", ""),
        Arguments.of("colon then digit", "SELECT :1", "SELECT :1", ""),
        Arguments.of("slice with numbers", "SELECT a[1:2] FROM t", "SELECT a[1:2] FROM t", ""),
        Arguments.of("slice to a parameter", "SELECT a[:n] FROM t", "SELECT a[?] FROM t", "n"),
        Arguments.of("slice between parameters", "a[:lo::int:(:hi)]", "a[?::int:(?)]", "lo,hi"),
        Arguments.of(
            "slice with a space", "SELECT a[lo: hi] FROM t", "SELECT a[lo: hi] FROM t", ""),
        Arguments.of("string", "SELECT ':no' , :yes", "SELECT ':no' , ?", "yes"),
        Arguments.of(
            "string with doubled quote",
            "SELECT 'it''s :no' || :yes",
            "SELECT 'it''s :no' || ?",
            "yes"),
        Arguments.of("empty string", "SELECT '', :a", "SELECT '', ?", "a"),
        Arguments.of(
            "backslash is not an escape in a standard string",
            "SELECT 'a\\' , :a",
            "SELECT 'a\\' , ?",
            "a"),
        Arguments.of(
            "E string with escaped quote",
            "SELECT E'it\\'s :no' , :yes",
            "SELECT E'it\\'s :no' , ?",
            "yes"),
        Arguments.of(
            "e string with escaped backslash",
            "SELECT e'\\\\' , :yes",
            "SELECT e'\\\\' , ?",
            "yes"),
        Arguments.of(
            "E string with doubled quote", "SELECT E'a''b:no', :y", "SELECT E'a''b:no', ?", "y"),
        Arguments.of(
            "identifier ending in E is not an E string",
            "SELECT name'x\\', :y",
            "SELECT name'x\\', ?",
            "y"),
        Arguments.of(
            "U& string",
            "SELECT U&'d\\0061t\\+000061 :no', :y",
            "SELECT U&'d\\0061t\\+000061 :no', ?",
            "y"),
        Arguments.of(
            "quoted identifier",
            "SELECT \"a:no\"\"?\" FROM t WHERE x = :y",
            "SELECT \"a:no\"\"?\" FROM t WHERE x = ?",
            "y"),
        Arguments.of(
            "dollar quote", "SELECT $$ :no ' \" -- ?$$, :y", "SELECT $$ :no ' \" -- ?$$, ?", "y"),
        Arguments.of(
            "tagged dollar quote",
            "SELECT $fn$ :no $$ $other$ $fn$ || :y",
            "SELECT $fn$ :no $$ $other$ $fn$ || ?",
            "y"),
        Arguments.of(
            "dollar quote tags are case-sensitive",
            "SELECT $a$ $A$ :no $a$, :y",
            "SELECT $a$ $A$ :no $a$, ?",
            "y"),
        Arguments.of(
            "dollar in an identifier",
            "SELECT a$b, c$1 FROM t WHERE x = :y",
            "SELECT a$b, c$1 FROM t WHERE x = ?",
            "y"),
        Arguments.of("lone dollar", "SELECT $ :y", "SELECT $ ?", "y"),
        Arguments.of(
            "line comment", "SELECT :a -- :no ' ?\n, :b", "SELECT ? -- :no ' ?\n, ?", "a,b"),
        Arguments.of("line comment at the end", "SELECT :a -- :no", "SELECT ? -- :no", "a"),
        Arguments.of("minus", "SELECT 1-:a", "SELECT 1-?", "a"),
        Arguments.of("block comment", "SELECT /* :no ' ? */ :a", "SELECT /* :no ' ? */ ?", "a"),
        Arguments.of(
            "nested block comment",
            "SELECT /* a /* :no */ :no */ :a",
            "SELECT /* a /* :no */ :no */ ?",
            "a"),
        Arguments.of("division", "SELECT :a/:b", "SELECT ?/?", "a,b"),
        Arguments.of(
            "jsonb operators",
            "SELECT doc ? 'k', doc ?| :keys, doc ?& :keys",
            "SELECT doc ?? 'k', doc ??| ?, doc ??& ?",
            "keys,keys"),
        Arguments.of("question marks in strings stay", "SELECT '?', :a", "SELECT '?', ?", "a"),
        Arguments.of(
            "multi-line",
            "SELECT *\n  FROM users\n WHERE id = :id\n   AND org = :org",
            "SELECT *\n  FROM users\n WHERE id = ?\n   AND org = ?",
            "id,org"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsed")
  void parses(String name, String sql, String jdbcSql, String params) throws SqlTextException {
    NamedSql parsed = NamedSql.parse(sql);
    assertThat(parsed.jdbcSql(), is(jdbcSql));
    List<String> expected = params.isEmpty() ? List.of() : Arrays.asList(params.split(","));
    assertThat(parsed.parameters(), is(expected));
  }

  @Test
  void namesAreDistinctInFirstOccurrenceOrder() throws SqlTextException {
    NamedSql parsed = NamedSql.parse("SELECT :b, :a, :b, :c, :a");
    assertThat(parsed.parameters(), contains("b", "a", "b", "c", "a"));
    assertThat(parsed.names(), contains("b", "a", "c"));
    assertThat(NamedSql.parse("SELECT 1").names(), is(empty()));
  }

  @Test
  void placeholdersMatchParameters() throws SqlTextException {
    NamedSql parsed = NamedSql.parse("SELECT :a, '?', :b::int, doc ? 'k'");
    long placeholders =
        parsed.jdbcSql().replace("??", "").replace("'?'", "").chars().filter(c -> c == '?').count();
    assertThat((int) placeholders, is(parsed.parameters().size()));
  }

  static Stream<Arguments> unterminated() {
    return Stream.of(
        Arguments.of("SELECT 'abc", "unterminated string literal starting at line 1, column 8", 7),
        Arguments.of(
            "SELECT 1,\n  2, 'it''s",
            "unterminated string literal starting at line 2, column 6",
            15),
        Arguments.of(
            "SELECT E'it\\'", "unterminated string literal starting at line 1, column 9", 8),
        Arguments.of(
            "SELECT \"col", "unterminated quoted identifier starting at line 1, column 8", 7),
        Arguments.of(
            "SELECT\n\n  $$body",
            "unterminated dollar-quoted string $$ starting at line 3, column 3",
            10),
        Arguments.of(
            "SELECT $fn$ body $FN$",
            "unterminated dollar-quoted string $fn$ starting at line 1, column 8",
            7),
        Arguments.of(
            "SELECT 1 /* a", "unterminated block comment starting at line 1, column 10", 9),
        Arguments.of(
            "SELECT 1 /* a /* b */", "unterminated block comment starting at line 1, column 10", 9),
        Arguments.of(
            "SELECT *\nFROM t WHERE id = $1",
            "positional parameter $1 at line 2, column 19 is not supported: use a named parameter"
                + " such as :id",
            27));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unterminated")
  void rejectsUnterminated(String sql, String message, int offset) {
    SqlTextException e = assertThrows(SqlTextException.class, () -> NamedSql.parse(sql));
    assertThat(e.getMessage(), is(message));
    assertThat(e.offset(), is(offset));
  }

  @Test
  void positionalSqlNumbersThePlaceholdersAndKeepsLiteralQuestionMarks() throws Exception {
    NamedSql q = NamedSql.parse("SELECT :a, ':b', doc ? 'k', :a::text FROM t WHERE x = :c");
    assertThat(
        q.positionalSql(i -> "::int8"),
        is("SELECT $1::int8, ':b', doc ? 'k', $2::int8::text FROM t WHERE x = $3::int8"));
    assertThat(NamedSql.parse("SELECT 1").positionalSql(i -> "!"), is("SELECT 1"));
  }
}
