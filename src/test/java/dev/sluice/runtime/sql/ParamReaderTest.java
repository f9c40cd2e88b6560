package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.problem.ProblemException.Violation;
import dev.sluice.runtime.sql.ParamReader.Result;
import dev.sluice.spec.Origin;
import dev.sluice.spec.ParamLocation;
import dev.sluice.spec.ParamSpec;
import dev.sluice.spec.ParamType;
import io.helidon.http.Status;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParamReaderTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String UUID_TEXT = "123e4567-e89b-12d3-a456-426614174000";

  // ---- conversion from text (path, query, header) ----

  static Stream<Arguments> textConverts() {
    return Stream.of(
        Arguments.of(ParamType.STRING, "abc", "abc"),
        Arguments.of(ParamType.STRING, "", ""),
        Arguments.of(ParamType.STRING, "' OR 1=1 --", "' OR 1=1 --"),
        Arguments.of(ParamType.INTEGER, "42", 42L),
        Arguments.of(ParamType.INTEGER, "-7", -7L),
        Arguments.of(ParamType.INTEGER, "+5", 5L),
        Arguments.of(ParamType.INTEGER, "007", 7L),
        Arguments.of(ParamType.INTEGER, "9223372036854775807", Long.MAX_VALUE),
        Arguments.of(ParamType.INTEGER, "-9223372036854775808", Long.MIN_VALUE),
        Arguments.of(ParamType.NUMBER, "1.50", new BigDecimal("1.50")),
        Arguments.of(ParamType.NUMBER, "-0.5", new BigDecimal("-0.5")),
        Arguments.of(ParamType.NUMBER, ".5", new BigDecimal("0.5")),
        Arguments.of(ParamType.NUMBER, "+2", new BigDecimal("2")),
        Arguments.of(ParamType.NUMBER, "1e3", new BigDecimal("1E+3")),
        Arguments.of(
            ParamType.NUMBER,
            "12345678901234567890.123",
            new BigDecimal("12345678901234567890.123")),
        Arguments.of(ParamType.BOOLEAN, "true", true),
        Arguments.of(ParamType.BOOLEAN, "FALSE", false),
        Arguments.of(ParamType.BOOLEAN, "True", true),
        Arguments.of(ParamType.UUID, UUID_TEXT, UUID.fromString(UUID_TEXT)),
        Arguments.of(ParamType.UUID, UUID_TEXT.toUpperCase(), UUID.fromString(UUID_TEXT)),
        Arguments.of(ParamType.DATE, "2024-05-01", LocalDate.of(2024, 5, 1)),
        Arguments.of(ParamType.DATE, "2024-02-29", LocalDate.of(2024, 2, 29)),
        Arguments.of(
            ParamType.TIMESTAMP,
            "2024-05-01T10:00:00Z",
            OffsetDateTime.parse("2024-05-01T10:00:00Z")),
        Arguments.of(
            ParamType.TIMESTAMP,
            "2024-05-01T10:00:00.123456+02:00",
            OffsetDateTime.parse("2024-05-01T10:00:00.123456+02:00")),
        Arguments.of(
            ParamType.TIMESTAMP,
            "2024-05-01T10:00+05:30",
            OffsetDateTime.parse("2024-05-01T10:00+05:30")),
        Arguments.of(ParamType.JSON, "{\"a\":[1,2]}", "{\"a\":[1,2]}"),
        Arguments.of(ParamType.JSON, " 1 ", " 1 "),
        Arguments.of(ParamType.JSON, "\"x\"", "\"x\""),
        Arguments.of(ParamType.JSON, "null", "null"));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @MethodSource("textConverts")
  void convertsText(ParamType type, String text, Object expected) {
    ParamValue v = Spec.of("p", type).reader().readStrings(List.of(text));
    assertThat(v, is(ParamValue.of(expected)));
  }

  static Stream<Arguments> textRejected() {
    String range = "an integer from -9223372036854775808 to 9223372036854775807";
    String tsOffset = "a timestamp with a time zone offset (add Z or an offset such as +02:00)";
    String ts = "a timestamp with a time zone offset, like 2024-05-01T10:00:00Z";
    String uuid = "a UUID (8-4-4-4-12 hex digits)";
    return Stream.of(
        Arguments.of(ParamType.INTEGER, "abc", "an integer"),
        Arguments.of(ParamType.INTEGER, "1.5", "an integer"),
        Arguments.of(ParamType.INTEGER, "1.0", "an integer"),
        Arguments.of(ParamType.INTEGER, "1e3", "an integer"),
        Arguments.of(ParamType.INTEGER, "", "an integer"),
        Arguments.of(ParamType.INTEGER, " 1", "an integer"),
        Arguments.of(ParamType.INTEGER, "0x10", "an integer"),
        Arguments.of(ParamType.INTEGER, "١٢", "an integer"),
        Arguments.of(ParamType.INTEGER, "1;DROP TABLE x", "an integer"),
        Arguments.of(ParamType.INTEGER, "9223372036854775808", range),
        Arguments.of(ParamType.INTEGER, "-9223372036854775809", range),
        Arguments.of(ParamType.NUMBER, "abc", "a number"),
        Arguments.of(ParamType.NUMBER, "NaN", "a number"),
        Arguments.of(ParamType.NUMBER, "Infinity", "a number"),
        Arguments.of(ParamType.NUMBER, "1,5", "a number"),
        Arguments.of(ParamType.NUMBER, "1e", "a number"),
        Arguments.of(ParamType.NUMBER, "1e999999", "a number of reasonable size"),
        Arguments.of(ParamType.NUMBER, "1e99999999999", "a number of reasonable size"),
        Arguments.of(ParamType.BOOLEAN, "yes", "true or false"),
        Arguments.of(ParamType.BOOLEAN, "1", "true or false"),
        Arguments.of(ParamType.BOOLEAN, "", "true or false"),
        Arguments.of(ParamType.UUID, "123e4567e89b12d3a456426614174000", uuid),
        Arguments.of(ParamType.UUID, "{" + UUID_TEXT + "}", uuid),
        Arguments.of(ParamType.UUID, "1-1-1-1-1", uuid),
        Arguments.of(ParamType.UUID, "urn:uuid:" + UUID_TEXT, uuid),
        Arguments.of(ParamType.DATE, "2024-5-1", "a date (YYYY-MM-DD)"),
        Arguments.of(ParamType.DATE, "2024-02-30", "a date (YYYY-MM-DD)"),
        Arguments.of(ParamType.DATE, "20240501", "a date (YYYY-MM-DD)"),
        Arguments.of(ParamType.DATE, "2024-05-01T00:00:00Z", "a date (YYYY-MM-DD)"),
        Arguments.of(ParamType.DATE, "+12024-05-01", "a date (YYYY-MM-DD)"),
        Arguments.of(ParamType.TIMESTAMP, "2024-05-01T10:00:00", tsOffset),
        Arguments.of(ParamType.TIMESTAMP, "2024-05-01T10:00:00.5", tsOffset),
        Arguments.of(ParamType.TIMESTAMP, "2024-05-01 10:00:00Z", ts),
        Arguments.of(ParamType.TIMESTAMP, "2024-05-01", ts),
        Arguments.of(ParamType.TIMESTAMP, "2024-13-01T10:00:00Z", ts),
        Arguments.of(ParamType.TIMESTAMP, "+12024-05-01T10:00:00Z", ts),
        Arguments.of(ParamType.JSON, "{a:1}", "valid JSON"),
        Arguments.of(ParamType.JSON, "1 2", "valid JSON"),
        Arguments.of(ParamType.JSON, "{\"a\":1", "valid JSON"),
        Arguments.of(ParamType.JSON, "", "valid JSON"));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @MethodSource("textRejected")
  void rejectsText(ParamType type, String text, String expected) {
    ProblemException e =
        assertThrows(
            ProblemException.class, () -> Spec.of("p", type).reader().readStrings(List.of(text)));
    assertThat(e.status(), is(Status.BAD_REQUEST_400));
    assertThat(e.detail(), is("request parameters are invalid"));
    String shown = "\"" + text.replace("\"", "\\\"") + "\"";
    assertThat(
        e.errors(), contains(Violation.parameter("p", "must be " + expected + ", got " + shown)));
  }

  @Test
  void longValuesAreCutInMessages() {
    String text = "x".repeat(100);
    Result r = Spec.of("p", ParamType.INTEGER).reader().tryStrings(List.of(text));
    assertThat(
        r,
        is(
            invalid(
                Violation.parameter(
                    "p", "must be an integer, got \"" + "x".repeat(57) + "...\""))));
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    Result r = Spec.of("p", ParamType.INTEGER).reader().tryStrings(List.of("1\n\"2"));
    assertThat(r, is(invalid(Violation.parameter("p", "must be an integer, got \"1\\n\\\"2\""))));
  }

  @Test
  void textADatabaseCannotStoreIsRefusedByName() {
    ParamReader text = Spec.of("name", ParamType.STRING).reader();
    assertThat(
        text.tryStrings(List.of("a\u0000b")),
        is(
            invalid(
                Violation.parameter(
                    "name", "must be text without NUL characters, got \"a\\u0000b\""))));
    for (String lone : List.of("a\ud800b", "a\udc00", "\ud800")) {
      ProblemException e =
          assertThrows(ProblemException.class, () -> text.readStrings(List.of(lone)));
      assertThat(e.errors().size(), is(1));
      assertThat(e.errors().get(0).where(), is("name"));
      assertThat(
          e.errors().get(0).message(),
          startsWith("must be valid Unicode text (it has an unpaired surrogate), got "));
    }
    // a well-formed pair (an emoji) is text like any other
    assertThat(text.readStrings(List.of("\uD83D\uDE00")), is(ParamValue.of("\uD83D\uDE00")));
  }

  @Test
  void bodyTextADatabaseCannotStoreIsRefusedByPointer() throws Exception {
    ParamReader body = Spec.of("name", ParamType.STRING).in("body").reader();
    assertThat(
        body.tryJson(MAPPER.readTree("\"a\\u0000b\"")),
        is(
            invalid(
                Violation.pointer(
                    "/name", "must be text without NUL characters, got \"a\\u0000b\""))));
    Result lone = body.tryJson(MAPPER.readTree("\"x\\udc00\""));
    assertThat(lone instanceof Result.Invalid, is(true));
  }

  // ---- conversion from JSON (body, claims) ----

  static Stream<Arguments> jsonConverts() {
    return Stream.of(
        Arguments.of(ParamType.STRING, "\"abc\"", "abc"),
        Arguments.of(ParamType.INTEGER, "42", 42L),
        Arguments.of(ParamType.INTEGER, "-42", -42L),
        Arguments.of(ParamType.INTEGER, "1.0", 1L),
        Arguments.of(ParamType.INTEGER, "1e3", 1000L),
        Arguments.of(ParamType.INTEGER, "9223372036854775807", Long.MAX_VALUE),
        Arguments.of(ParamType.NUMBER, "1.25", new BigDecimal("1.25")),
        Arguments.of(ParamType.NUMBER, "3", new BigDecimal("3")),
        Arguments.of(
            ParamType.NUMBER,
            "123456789012345678901234567890",
            new BigDecimal("123456789012345678901234567890")),
        Arguments.of(ParamType.BOOLEAN, "true", true),
        Arguments.of(ParamType.BOOLEAN, "false", false),
        Arguments.of(ParamType.UUID, "\"" + UUID_TEXT + "\"", UUID.fromString(UUID_TEXT)),
        Arguments.of(ParamType.DATE, "\"2024-05-01\"", LocalDate.of(2024, 5, 1)),
        Arguments.of(
            ParamType.TIMESTAMP,
            "\"2024-05-01T10:00:00Z\"",
            OffsetDateTime.parse("2024-05-01T10:00:00Z")),
        Arguments.of(ParamType.JSON, "{\"a\": [1, 2]}", "{\"a\":[1,2]}"),
        Arguments.of(ParamType.JSON, "5", "5"),
        Arguments.of(ParamType.JSON, "\"x\"", "\"x\""),
        Arguments.of(ParamType.JSON, "[]", "[]"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("jsonConverts")
  void convertsJson(ParamType type, String json, Object expected) throws Exception {
    ParamValue v = Spec.of("p", type).in("body").reader().readJson(MAPPER.readTree(json));
    assertThat(v, is(ParamValue.of(expected)));
  }

  static Stream<Arguments> jsonRejected() {
    return Stream.of(
        Arguments.of(ParamType.STRING, "42", "must be a string, got 42"),
        Arguments.of(ParamType.STRING, "{\"a\":1}", "must be a string, got an object"),
        Arguments.of(ParamType.INTEGER, "1.5", "must be an integer, got 1.5"),
        Arguments.of(ParamType.INTEGER, "\"12\"", "must be an integer, got \"12\""),
        Arguments.of(ParamType.INTEGER, "true", "must be an integer, got true"),
        Arguments.of(ParamType.INTEGER, "[1]", "must be an integer, got an array"),
        Arguments.of(
            ParamType.INTEGER,
            "9223372036854775808",
            "must be an integer from -9223372036854775808 to 9223372036854775807, got"
                + " 9223372036854775808"),
        Arguments.of(
            ParamType.INTEGER,
            "1e30",
            "must be an integer from -9223372036854775808 to 9223372036854775807, got 1.0E30"),
        Arguments.of(ParamType.NUMBER, "\"1.5\"", "must be a number, got \"1.5\""),
        Arguments.of(ParamType.BOOLEAN, "\"true\"", "must be true or false, got \"true\""),
        Arguments.of(ParamType.BOOLEAN, "1", "must be true or false, got 1"),
        Arguments.of(ParamType.UUID, "5", "must be a UUID (8-4-4-4-12 hex digits), got 5"),
        Arguments.of(
            ParamType.DATE, "\"01/05/2024\"", "must be a date (YYYY-MM-DD), got \"01/05/2024\""),
        Arguments.of(
            ParamType.TIMESTAMP,
            "\"2024-05-01T10:00:00\"",
            "must be a timestamp with a time zone offset (add Z or an offset such as +02:00), got"
                + " \"2024-05-01T10:00:00\""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("jsonRejected")
  void rejectsJson(ParamType type, String json, String message) throws Exception {
    Result r = Spec.of("p", type).in("body").reader().tryJson(MAPPER.readTree(json));
    assertThat(r, is(invalid(Violation.pointer("/p", message))));
  }

  @Test
  void jsonNullAndMissingAreMissing() {
    ParamReader optional = Spec.of("p", ParamType.INTEGER).in("body").reader();
    assertThat(optional.readJson(MissingNode.getInstance()), is(ParamValue.absent()));
    assertThat(optional.readJson(json("null")), is(ParamValue.absent()));
    ParamReader required = Spec.of("p", ParamType.INTEGER).in("body").required().reader();
    assertThat(required.tryJson(json("null")), is(invalid(Violation.pointer("/p", "is required"))));
  }

  // ---- rules ----

  static Stream<Arguments> rules() {
    return Stream.of(
        // spec, raw values (| separates repeated values, none is missing), violations
        Arguments.of(Spec.of("id", ParamType.INTEGER).required(), "", "is required"),
        Arguments.of(Spec.of("id", ParamType.INTEGER).in("path"), "", "is required"),
        Arguments.of(Spec.of("id", ParamType.INTEGER).min("1"), "0", "must be at least 1"),
        Arguments.of(Spec.of("id", ParamType.INTEGER).min("1"), "1", ""),
        Arguments.of(Spec.of("n", ParamType.INTEGER).max("100"), "101", "must be at most 100"),
        Arguments.of(Spec.of("n", ParamType.INTEGER).max("100"), "100", ""),
        Arguments.of(Spec.of("n", ParamType.INTEGER).min("0.5"), "0", "must be at least 0.5"),
        Arguments.of(Spec.of("x", ParamType.NUMBER).min("0.5"), "0.25", "must be at least 0.5"),
        Arguments.of(Spec.of("x", ParamType.NUMBER).max("1E+2"), "100.01", "must be at most 100"),
        Arguments.of(Spec.of("x", ParamType.NUMBER).min("-1").max("1"), "-1.0", ""),
        Arguments.of(
            Spec.of("s", ParamType.STRING).pattern("^[a-z]+$"), "abc1", "must match ^[a-z]+$"),
        Arguments.of(Spec.of("s", ParamType.STRING).pattern("[a-z]+"), "abc1", "must match [a-z]+"),
        Arguments.of(Spec.of("s", ParamType.STRING).pattern("[a-z]+"), "abc", ""),
        Arguments.of(
            Spec.of("order", ParamType.STRING).enumOf("\"asc\"", "\"desc\""),
            "up",
            "must be one of [asc, desc]"),
        Arguments.of(
            Spec.of("order", ParamType.STRING).enumOf("\"asc\"", "\"desc\""),
            "ASC",
            "must be one of [asc, desc]"),
        Arguments.of(Spec.of("order", ParamType.STRING).enumOf("\"asc\"", "\"desc\""), "desc", ""),
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).enumOf("1", "2"), "3", "must be one of [1, 2]"),
        Arguments.of(Spec.of("n", ParamType.INTEGER).enumOf("1", "\"2\""), "+2", ""),
        Arguments.of(Spec.of("x", ParamType.NUMBER).enumOf("1.5", "2"), "1.50", ""),
        Arguments.of(Spec.of("x", ParamType.NUMBER).enumOf("1.5", "2"), "2.000", ""),
        Arguments.of(
            Spec.of("t", ParamType.TIMESTAMP).enumOf("\"2024-05-01T10:00:00Z\""),
            "2024-05-01T12:00:00+02:00",
            ""),
        Arguments.of(
            Spec.of("u", ParamType.UUID).enumOf("\"" + UUID_TEXT + "\""),
            UUID_TEXT.toUpperCase(),
            ""),
        Arguments.of(
            Spec.of("s", ParamType.STRING).minLength(3), "ab", "must be at least 3 characters"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).minLength(1), "<empty>", "must be at least 1 character"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).maxLength(5), "abcdef", "must be at most 5 characters"),
        Arguments.of(Spec.of("s", ParamType.STRING).maxLength(3), "😀😀😀", ""),
        Arguments.of(
            Spec.of("s", ParamType.STRING).minLength(4), "😀😀😀", "must be at least 4 characters"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).minLength(5).pattern("[a-z]+"),
            "A1",
            "must be at least 5 characters|must match [a-z]+"),
        Arguments.of(Spec.of("id", ParamType.INTEGER), "1|2", "must be given only once"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).in("header").source("X-Tenant"),
            "a|b",
            "must be given only once"));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @MethodSource("rules")
  void appliesRules(Spec spec, String raw, String violations) {
    List<String> values =
        raw.isEmpty()
            ? List.of()
            : Stream.of(raw.split("\\|", -1)).map(v -> v.equals("<empty>") ? "" : v).toList();
    Result r = spec.reader().tryStrings(values);
    if (violations.isEmpty()) {
      assertThat(r instanceof Result.Valid, is(true));
      return;
    }
    List<Violation> expected = new ArrayList<>();
    for (String m : violations.split("\\|")) {
      expected.add(Violation.parameter(spec.source(), m));
    }
    assertThat(r, is(new Result.Invalid(expected)));
  }

  @Test
  void missingOptionalIsAbsentAndDefaultsApply() {
    assertThat(
        Spec.of("q", ParamType.STRING).reader().readStrings(List.of()), is(ParamValue.absent()));
    assertThat(
        Spec.of("limit", ParamType.INTEGER)
            .defaultValue("20")
            .max("100")
            .reader()
            .readStrings(List.of()),
        is(ParamValue.of(20L)));
    assertThat(
        Spec.of("limit", ParamType.INTEGER).defaultValue("\"20\"").reader().readStrings(List.of()),
        is(ParamValue.of(20L)));
    assertThat(
        Spec.of("limit", ParamType.INTEGER).defaultValue("20").reader().readStrings(List.of("5")),
        is(ParamValue.of(5L)));
    assertThat(
        Spec.of("on", ParamType.DATE)
            .defaultValue("\"2024-05-01\"")
            .reader()
            .readStrings(List.of()),
        is(ParamValue.of(LocalDate.of(2024, 5, 1))));
    assertThat(
        Spec.of("doc", ParamType.JSON)
            .in("body")
            .defaultValue("{\"a\": 1}")
            .reader()
            .readJson(MissingNode.getInstance()),
        is(ParamValue.of("{\"a\":1}")));
    assertThat(
        Spec.of("ids", ParamType.INTEGER)
            .array()
            .defaultValue("[1, \"2\"]")
            .reader()
            .readStrings(List.of()),
        is(ParamValue.of(List.of(1L, 2L))));
    assertThat(
        Spec.of("q", ParamType.STRING).defaultValue("null").reader().readStrings(List.of()),
        is(ParamValue.absent()));
    // A default satisfies "required".
    assertThat(
        Spec.of("q", ParamType.STRING)
            .required()
            .defaultValue("\"x\"")
            .reader()
            .readStrings(List.of()),
        is(ParamValue.of("x")));
  }

  // ---- arrays ----

  static Stream<Arguments> textArrays() {
    return Stream.of(
        // spec, raw values (| separates repeated values), expected items or violations
        Arguments.of(Spec.of("ids", ParamType.INTEGER).array(), "1|2", List.of(1L, 2L)),
        Arguments.of(Spec.of("ids", ParamType.INTEGER).array(), "1,2|3", List.of(1L, 2L, 3L)),
        Arguments.of(Spec.of("ids", ParamType.INTEGER).array(), "1, 2", List.of(1L, 2L)),
        Arguments.of(Spec.of("ids", ParamType.INTEGER).array(), "7", List.of(7L)),
        Arguments.of(
            Spec.of("on", ParamType.DATE).array(),
            "2024-05-01,2024-05-02",
            List.of(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 2))),
        Arguments.of(Spec.of("tags", ParamType.STRING).array(), "a,b|c", List.of("a,b", "c")),
        Arguments.of(Spec.of("docs", ParamType.JSON).array(), "[1,2]|{}", List.of("[1,2]", "{}")),
        Arguments.of(
            Spec.of("tags", ParamType.STRING).array().in("header").source("X-Tags"),
            "a, b|c",
            List.of("a", "b", "c")),
        Arguments.of(
            Spec.of("ids", ParamType.INTEGER).array().in("header").source("X-Ids"),
            "1,2",
            List.of(1L, 2L)));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @MethodSource("textArrays")
  void readsTextArrays(Spec spec, String raw, List<Object> expected) {
    assertThat(
        spec.reader().readStrings(Arrays.asList(raw.split("\\|"))), is(ParamValue.of(expected)));
  }

  @Test
  void checksEveryArrayItem() {
    ParamReader r = Spec.of("ids", ParamType.INTEGER).source("id").array().min("1").reader();
    assertThat(
        r.tryStrings(List.of("1", "x,0", "")),
        is(
            new Result.Invalid(
                List.of(
                    Violation.parameter("id", "item 2 must be an integer, got \"x\""),
                    Violation.parameter("id", "item 3 must be at least 1"),
                    Violation.parameter("id", "item 4 must be an integer, got \"\"")))));
  }

  @Test
  void readsJsonArrays() {
    ParamReader body = Spec.of("ids", ParamType.INTEGER).in("body").array().max("10").reader();
    assertThat(body.readJson(json("[1, 2]")), is(ParamValue.of(List.of(1L, 2L))));
    assertThat(body.readJson(json("[]")), is(ParamValue.of(List.of())));
    assertThat(
        body.tryJson(json("[1, \"x\", 11, null]")),
        is(
            new Result.Invalid(
                List.of(
                    Violation.pointer("/ids/1", "must be an integer, got \"x\""),
                    Violation.pointer("/ids/2", "must be at most 10"),
                    Violation.pointer("/ids/3", "must be an integer, got null")))));
    assertThat(
        body.tryJson(json("5")), is(invalid(Violation.pointer("/ids", "must be an array, got 5"))));
    ParamReader claim = Spec.of("roles", ParamType.STRING).in("claim").array().reader();
    assertThat(claim.readJson(json("[\"a\", \"b\"]")), is(ParamValue.of(List.of("a", "b"))));
    assertThat(
        claim.tryJson(json("[\"a\", 1]")),
        is(invalid(Violation.parameter("roles", "item 2 must be a string, got 1"))));
  }

  /** Issue 18: Infinity (a claim, say; request bodies refuse it while parsing) is no 500. */
  @Test
  void numbersBeyondADoubleAreRefusedNotThrown() {
    com.fasterxml.jackson.databind.node.JsonNodeFactory f =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    ParamReader integer = Spec.of("n", ParamType.INTEGER).in("claim").reader();
    ParamReader number = Spec.of("x", ParamType.NUMBER).in("claim").reader();
    for (JsonNode v :
        List.<JsonNode>of(
            f.numberNode(Double.POSITIVE_INFINITY),
            f.numberNode(Double.NaN),
            f.numberNode(Float.NEGATIVE_INFINITY))) {
      assertThat(
          integer.tryJson(v),
          is(
              invalid(
                  Violation.parameter(
                      "n",
                      "must be an integer from -9223372036854775808 to 9223372036854775807, got "
                          + v))));
      assertThat(
          number.tryJson(v),
          is(invalid(Violation.parameter("x", "must be a number of reasonable size, got " + v))));
    }
  }

  @Test
  void bodyViolationsUseTheDeclaredPointer() {
    ParamReader r =
        Spec.of("email", ParamType.STRING).in("body").source("/user/email").maxLength(5).reader();
    assertThat(
        r.tryJson(json("\"someone@example.org\"")),
        is(invalid(Violation.pointer("/user/email", "must be at most 5 characters"))));
  }

  // ---- the operator's mistakes, found when the route is built ----

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).defaultValue("\"abc\""),
            "default \"abc\" is not an integer"),
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).defaultValue("1.5"), "default 1.5 is not an integer"),
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).defaultValue("500").max("100"),
            "default 500 must be at most 100"),
        Arguments.of(
            Spec.of("o", ParamType.STRING).defaultValue("\"up\"").enumOf("\"asc\"", "\"desc\""),
            "default \"up\" must be one of [asc, desc]"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).defaultValue("false"), "default false is not a string"),
        Arguments.of(
            Spec.of("t", ParamType.TIMESTAMP).defaultValue("\"2024-05-01T10:00:00\""),
            "default \"2024-05-01T10:00:00\" is not a timestamp with a time zone offset (add Z or an"
                + " offset such as +02:00)"),
        Arguments.of(
            Spec.of("ids", ParamType.INTEGER).array().defaultValue("1"),
            "default must be a list for an array parameter"),
        Arguments.of(
            Spec.of("ids", ParamType.INTEGER).array().defaultValue("[1, \"x\"]"),
            "default item 2 \"x\" is not an integer"),
        Arguments.of(
            Spec.of("ids", ParamType.INTEGER).array().min("1").defaultValue("[1, 0]"),
            "default item 2 must be at least 1"),
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).enumOf("1", "\"x\""),
            "enum value \"x\" is not an integer"),
        Arguments.of(
            Spec.of("d", ParamType.JSON).enumOf("1"), "enum does not apply to json parameters"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).min("1"),
            "minimum applies only to integer and number parameters, not string"),
        Arguments.of(
            Spec.of("s", ParamType.DATE).max("1"),
            "maximum applies only to integer and number parameters, not date"),
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).pattern("[0-9]+"),
            "pattern applies only to string parameters, not integer"),
        Arguments.of(
            Spec.of("n", ParamType.JSON).maxLength(10),
            "max-length applies only to string parameters, not json"),
        Arguments.of(
            Spec.of("n", ParamType.INTEGER).min("10").max("5"),
            "minimum 10 is greater than maximum 5"),
        Arguments.of(
            Spec.of("s", ParamType.STRING).minLength(10).maxLength(5),
            "min-length 10 is greater than max-length 5"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSpecs")
  void rejectsBadSpecs(Spec spec, String message) {
    ParamSpec built = spec.build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParamReader.of(built));
    assertThat(e.getMessage(), is(message));
  }

  // ---- all violations at once ----

  @Test
  void collectsEveryViolationOfARequest() {
    List<ParamReader> readers =
        List.of(
            Spec.of("id", ParamType.INTEGER).in("path").min("1").reader(),
            Spec.of("limit", ParamType.INTEGER).defaultValue("20").max("100").reader(),
            Spec.of("order", ParamType.STRING).enumOf("\"asc\"", "\"desc\"").reader(),
            Spec.of("email", ParamType.STRING).in("body").required().reader(),
            Spec.of("q", ParamType.STRING).reader());
    java.util.Map<String, List<String>> query =
        java.util.Map.of("limit", List.of("1000"), "order", List.of("up"));
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () ->
                RequestParams.readAll(
                    readers,
                    r ->
                        switch (r.spec().in()) {
                          case PATH -> r.tryStrings(List.of("0"));
                          case BODY -> r.tryJson(MissingNode.getInstance());
                          default -> r.tryStrings(query.getOrDefault(r.spec().source(), List.of()));
                        }));
    assertThat(e.status(), is(Status.BAD_REQUEST_400));
    assertThat(e.detail(), is("request parameters are invalid"));
    assertThat(
        e.errors(),
        contains(
            Violation.parameter("id", "must be at least 1"),
            Violation.parameter("limit", "must be at most 100"),
            Violation.parameter("order", "must be one of [asc, desc]"),
            Violation.pointer("/email", "is required")));
  }

  @Test
  void readsEveryParameterOfAValidRequest() {
    List<ParamReader> readers =
        List.of(
            Spec.of("id", ParamType.INTEGER).in("path").reader(),
            Spec.of("limit", ParamType.INTEGER).defaultValue("20").reader(),
            Spec.of("q", ParamType.STRING).reader());
    ParamValue[] values =
        RequestParams.readAll(
            readers,
            r ->
                r.spec().in() == ParamLocation.PATH
                    ? r.tryStrings(List.of("7"))
                    : r.tryStrings(List.of()));
    assertThat(
        Arrays.asList(values),
        contains(ParamValue.of(7L), ParamValue.of(20L), ParamValue.absent()));
  }

  @Test
  void injectionLookingValuesAreJustValues() {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> Spec.of("id", ParamType.INTEGER).reader().readStrings(List.of("1;DROP TABLE x")));
    assertThat(e.status(), is(Status.BAD_REQUEST_400));
    assertThat(
        e.errors(),
        contains(Violation.parameter("id", "must be an integer, got \"1;DROP TABLE x\"")));
    assertThat(
        Spec.of("s", ParamType.STRING).reader().readStrings(List.of("' OR 1=1 --")),
        is(ParamValue.of("' OR 1=1 --")));
  }

  // ---- helpers ----

  private static Result invalid(Violation v) {
    return new Result.Invalid(List.of(v));
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A ParamSpec under construction, for tests. */
  static final class Spec {
    private final String name;
    private final ParamType type;
    private String in = "query";
    private String source;
    private boolean array;
    private boolean required;
    private Optional<JsonNode> defaultValue = Optional.empty();
    private Optional<BigDecimal> minimum = Optional.empty();
    private Optional<BigDecimal> maximum = Optional.empty();
    private Optional<Pattern> pattern = Optional.empty();
    private List<JsonNode> enumValues = List.of();
    private OptionalInt minLength = OptionalInt.empty();
    private OptionalInt maxLength = OptionalInt.empty();

    private Spec(String name, ParamType type) {
      this.name = name;
      this.type = type;
    }

    static Spec of(String name, ParamType type) {
      return new Spec(name, type);
    }

    Spec in(String in) {
      this.in = in;
      return this;
    }

    Spec source(String source) {
      this.source = source;
      return this;
    }

    Spec array() {
      this.array = true;
      return this;
    }

    Spec required() {
      this.required = true;
      return this;
    }

    Spec defaultValue(String json) {
      this.defaultValue = Optional.of(json(json));
      return this;
    }

    Spec min(String n) {
      this.minimum = Optional.of(new BigDecimal(n));
      return this;
    }

    Spec max(String n) {
      this.maximum = Optional.of(new BigDecimal(n));
      return this;
    }

    Spec pattern(String regex) {
      this.pattern = Optional.of(Pattern.compile(regex));
      return this;
    }

    Spec enumOf(String... json) {
      this.enumValues = Stream.of(json).map(ParamReaderTest::json).toList();
      return this;
    }

    Spec minLength(int n) {
      this.minLength = OptionalInt.of(n);
      return this;
    }

    Spec maxLength(int n) {
      this.maxLength = OptionalInt.of(n);
      return this;
    }

    String source() {
      return source != null ? source : in.equals("body") ? "/" + name : name;
    }

    ParamSpec build() {
      return new ParamSpec(
          name,
          ParamLocation.of(in),
          source(),
          type,
          array,
          required,
          defaultValue,
          minimum,
          maximum,
          pattern,
          enumValues,
          minLength,
          maxLength,
          new Origin("routes/test.yaml", 1, 1, "/params/" + name));
    }

    ParamReader reader() {
      return ParamReader.of(build());
    }

    @Override
    public String toString() {
      return name + ":" + type.yamlName() + (array ? "[]" : "") + "@" + in;
    }
  }
}
