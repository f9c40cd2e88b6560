package dev.sluice.bind.yaml;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class YamlDocumentTest {

  private static final Environment ENV =
      Environment.of(
          Map.of(
              "HOST", "db.internal",
              "PORT", "5433",
              "EMPTY", "",
              "FLAG", "true",
              "RATIO", "0.5"));

  /** The outcome of parsing: the document, if any, and the error lines. */
  private record Parsed(Optional<YamlDocument> doc, List<String> errors) {
    JsonNode root() {
      return doc.orElseThrow().root();
    }
  }

  private static Parsed parse(String yaml) {
    List<ConfigError> errors = new ArrayList<>();
    Optional<YamlDocument> doc = YamlDocument.parse(yaml, "t.yaml", ENV, errors);
    return new Parsed(doc, errors.stream().map(ConfigError::format).toList());
  }

  private static Parsed load(Path file) throws UnreadableFileException {
    List<ConfigError> errors = new ArrayList<>();
    Optional<YamlDocument> doc = YamlDocument.load(file, "t.yaml", ENV, errors);
    return new Parsed(doc, errors.stream().map(ConfigError::format).toList());
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(YamlDocumentTest.class.getResource("/yaml/" + name).toURI());
  }

  // ---------------------------------------------------------------- scalars

  static Stream<Arguments> scalars() {
    return Stream.of(
        Arguments.of("42", "42", JsonNodeType.NUMBER),
        Arguments.of("-7", "-7", JsonNodeType.NUMBER),
        Arguments.of("12345678901", "12345678901", JsonNodeType.NUMBER),
        Arguments.of(
            "123456789012345678901234567890",
            "123456789012345678901234567890",
            JsonNodeType.NUMBER),
        Arguments.of("0x1F", "31", JsonNodeType.NUMBER),
        Arguments.of("1_000", "1000", JsonNodeType.NUMBER),
        Arguments.of("010", "8", JsonNodeType.NUMBER), // YAML 1.1 octal
        Arguments.of("3.5", "3.5", JsonNodeType.NUMBER),
        Arguments.of("-0.25", "-0.25", JsonNodeType.NUMBER),
        Arguments.of("true", "true", JsonNodeType.BOOLEAN),
        Arguments.of("True", "true", JsonNodeType.BOOLEAN),
        Arguments.of("yes", "true", JsonNodeType.BOOLEAN), // YAML 1.1 boolean
        Arguments.of("off", "false", JsonNodeType.BOOLEAN), // YAML 1.1 boolean
        Arguments.of("~", "null", JsonNodeType.NULL),
        Arguments.of("null", "null", JsonNodeType.NULL),
        Arguments.of("", "null", JsonNodeType.NULL),
        Arguments.of("\"42\"", "\"42\"", JsonNodeType.STRING),
        Arguments.of("'yes'", "\"yes\"", JsonNodeType.STRING),
        Arguments.of("!!str 42", "\"42\"", JsonNodeType.STRING),
        Arguments.of("2024-01-31", "\"2024-01-31\"", JsonNodeType.STRING), // timestamps stay text
        Arguments.of("!!binary aGk=", "\"aGk=\"", JsonNodeType.STRING),
        Arguments.of("!custom x", "\"x\"", JsonNodeType.STRING),
        Arguments.of("!!int x", "\"x\"", JsonNodeType.STRING), // a bad explicit tag keeps the text
        Arguments.of("hello world", "\"hello world\"", JsonNodeType.STRING),
        Arguments.of("/users/{id}", "\"/users/{id}\"", JsonNodeType.STRING),
        Arguments.of("|\n  line\n", "\"line\\n\"", JsonNodeType.STRING),
        Arguments.of("[1, a, {b: c}]", "[1,\"a\",{\"b\":\"c\"}]", JsonNodeType.ARRAY));
  }

  @ParameterizedTest(name = "v: {0}")
  @MethodSource("scalars")
  void convertsScalarsByTheirResolvedTag(String value, String json, JsonNodeType type) {
    Parsed p = parse("v: " + value + "\n");

    assertThat(p.errors(), is(empty()));
    assertThat(p.root().get("v").toString(), is(json));
    assertThat(p.root().get("v").getNodeType(), is(type));
  }

  @Test
  void integersUseTheSmallestFittingNode() {
    JsonNode root = parse("a: 1\nb: 12345678901\nc: 123456789012345678901234567890\n").root();

    assertThat(root.get("a").isInt(), is(true));
    assertThat(root.get("b").isLong(), is(true));
    assertThat(root.get("c").isBigInteger(), is(true));
    assertThat(parse("a: 1.5\n").root().get("a").isDouble(), is(true));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "- a\\n- b\\n | [\"a\",\"b\"]",
        "42\\n | 42",
        "hello\\n | \"hello\"",
        "~\\n | null",
      })
  void rootNeedNotBeAMapping(String yaml, String json) {
    Parsed p = parse(yaml.replace("\\n", "\n"));

    assertThat(p.errors(), is(empty()));
    assertThat(p.root().toString(), is(json));
  }

  @Test
  void keysAreTheirTextAsWritten() {
    Parsed p = parse("1: a\ntrue: b\n~: c\n1.5: d\n'quoted': e\n");

    assertThat(
        p.root().toString(),
        is("{\"1\":\"a\",\"true\":\"b\",\"~\":\"c\",\"1.5\":\"d\",\"quoted\":\"e\"}"));
  }

  // -------------------------------------------------------------- locations

  private static final String ROUTES =
      """
      name: gateway
      listen:
        port: 8080
        host: "0.0.0.0"
      routes:
        - path: /users/{id}
          method: GET
        -   path: /b
      paths:
        /users/{id}:
          get: {sql: x}
        a~b: 1
      list: [1, 2, 3]
      """;

  @ParameterizedTest(name = "locate({0})")
  @CsvSource({
    "'', 1:1",
    "/name, 1:7",
    "/listen, 3:3",
    "/listen/port, 3:9",
    "/listen/host, 4:9",
    "/routes, 6:3",
    "/routes/0, 6:5",
    "/routes/0/path, 6:11",
    "/routes/0/method, 7:13",
    "/routes/1, 8:7",
    "/routes/1/path, 8:13",
    "/paths/~1users~1{id}, 11:5",
    "/paths/~1users~1{id}/get, 11:10",
    "/paths/~1users~1{id}/get/sql, 11:16",
    "/paths/a~0b, 12:8",
    "/list/2, 13:14",
    "/routes/0/nope, 6:5", // absent: the nearest existing ancestor
    "/routes/7/x, 6:3",
    "/nope/deeper, 1:1",
  })
  void locatesValues(String pointer, String expected) {
    Location l = parse(ROUTES).doc().orElseThrow().locate(pointer);

    assertThat(l.line() + ":" + l.column(), is(expected));
  }

  @ParameterizedTest(name = "locateKey({0})")
  @CsvSource({
    "/name, 1:1",
    "/listen, 2:1",
    "/listen/port, 3:3",
    "/routes/0/method, 7:5",
    "/routes/1/path, 8:7",
    "/paths/~1users~1{id}, 10:3",
    "/paths/~1users~1{id}/get/sql, 11:11",
    "/paths/a~0b, 12:3",
    "/routes/0, 6:5", // an array item has no key: its value
    "/routes/0/mehtod, 6:5", // absent: locate() of the nearest ancestor
    "'', 1:1",
  })
  void locatesKeys(String pointer, String expected) {
    Location l = parse(ROUTES).doc().orElseThrow().locateKey(pointer);

    assertThat(l.line() + ":" + l.column(), is(expected));
  }

  @Test
  void keysWithSlashAndTildeAreKeptAsWritten() {
    JsonNode paths = parse(ROUTES).root().get("paths");

    assertThat(paths.has("/users/{id}"), is(true));
    assertThat(paths.has("a~b"), is(true));
    assertThat(parse(ROUTES).root().at("/paths/~1users~1{id}/get/sql").asText(), is("x"));
  }

  @Test
  void columnsCountCodePointsAndCrLfEndsLines() {
    YamlDocument doc = parse("名前: 値\r\nb: 😀x\r\nc: d\r\n").doc().orElseThrow();

    assertThat(doc.locate("/名前"), is(new Location(1, 5)));
    assertThat(doc.locate("/b"), is(new Location(2, 4)));
    assertThat(doc.locateKey("/c"), is(new Location(3, 1)));
  }

  @Test
  void byteOrderMarkIsSkipped() throws Exception {
    Parsed p = load(fixture("bom.yaml"));

    assertThat(p.errors(), is(empty()));
    assertThat(p.doc().orElseThrow().locate("/a"), is(new Location(1, 4)));
  }

  // ---------------------------------------------------------- syntax errors

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a: b: c\\n" + "| t.yaml:1:5: /: YAML syntax error: mapping values are not allowed here",
        "a:\\n  - x\\n b: 1\\n"
            + "| t.yaml:3:2: /: YAML syntax error: unexpected key; check the indentation"
            + " (the enclosing mapping starts at line 1, column 1)",
        "- a\\nb: 1\\n"
            + "| t.yaml:2:1: /: YAML syntax error: unexpected key; check the indentation"
            + " (the enclosing list starts at line 1, column 1)",
        "a: [1, 2\\n"
            + "| t.yaml:2:1: /: YAML syntax error: missing ']' to close the list that starts at"
            + " line 1, column 4",
        "a: {b: 1\\n"
            + "| t.yaml:2:1: /: YAML syntax error: missing '}' to close the mapping that starts at"
            + " line 1, column 4",
        "a: 'x\\n"
            + "| t.yaml:2:1: /: YAML syntax error: unterminated quoted string that starts at"
            + " line 1, column 4",
        "a:\\n\\t- x\\n"
            + "| t.yaml:2:1: /: YAML syntax error: tabs are not allowed for indentation; use spaces",
        "a: @x\\n"
            + "| t.yaml:1:4: /: YAML syntax error: a plain value cannot start with '@'; put the"
            + " value in quotes",
        "a: \"x\\\\q\"\\n"
            + "| t.yaml:1:7: /: YAML syntax error: unknown escape \"\\q\" in a double-quoted"
            + " string; use single quotes to keep backslashes as they are",
        "a: *nope\\n"
            + "| t.yaml:1:4: /: alias \"*nope\" refers to no anchor \"&nope\" defined before it",
        "a: b\\nc\\nd: e\\n"
            + "| t.yaml:3:1: /: YAML syntax error: could not find expected ':' (while scanning a"
            + " simple key that starts at line 2, column 1)",
        "a: >\\n  x\\n b\\n"
            + "| t.yaml:3:2: /: YAML syntax error: unexpected value; check the indentation"
            + " (the enclosing mapping starts at line 1, column 1)",
        "key: [a, b]]\\n"
            + "| t.yaml:1:12: /: YAML syntax error: unexpected ']' (the enclosing mapping starts at"
            + " line 1, column 1)",
        "{a: 1}}\\n"
            + "| t.yaml:1:7: /: YAML syntax error: unexpected '}' after the end of the document",
        "a: [${X}]\\n"
            + "| t.yaml:1:6: /: YAML syntax error: missing ']' to close the list that starts at"
            + " line 1, column 4; found '{' (to use ${...} inside [...] or {...}, put the value in"
            + " quotes)",
        "a: 1\\n---\\nb: 2\\n"
            + "| t.yaml:2:1: /: the file holds more than one YAML document (a second one starts"
            + " here); only one is allowed",
        "---\\na: 1\\n---\\n"
            + "| t.yaml:3:1: /: the file holds more than one YAML document (a second one starts"
            + " here); only one is allowed",
      })
  void reportsOneSyntaxErrorWhereItIs(String yaml, String expected) {
    Parsed p = parse(yaml.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\"));

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(p.errors(), contains(expected));
  }

  @ParameterizedTest(name = "empty file #{index}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''",
        "\\n\\n",
        "# only a comment\\n",
        "---\\n",
        "---\\n# comment\\n...\\n",
        "  \\n"
      })
  void emptyFileIsOneError(String yaml) {
    Parsed p = parse(yaml.replace("\\n", "\n"));

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(p.errors(), contains("t.yaml:1:1: /: file is empty"));
  }

  // ----------------------------------------------------- structural problems

  @Test
  void duplicateKeysAreAllReportedAndTheFirstValueKept() {
    Parsed p =
        parse(
            """
            a: 1
            b:
              c: 1
              c: 2
            a: 3
            """);

    assertThat(
        p.errors(),
        contains(
            "t.yaml:4:3: /b/c: duplicate key \"c\" (first at line 3)",
            "t.yaml:5:1: /a: duplicate key \"a\" (first at line 1)"));
    assertThat(p.root().toString(), is("{\"a\":1,\"b\":{\"c\":1}}"));
  }

  @Test
  void keysThatAreListsOrMappingsAreErrors() {
    Parsed p = parse("? [a, b]\n: 1\n? {x: y}\n: 2\nc: 3\n");

    assertThat(
        p.errors(),
        contains(
            "t.yaml:1:3: /: a key must be a plain value, not a list",
            "t.yaml:3:3: /: a key must be a plain value, not a mapping"));
    assertThat(p.root().toString(), is("{\"c\":3}"));
  }

  @Test
  void aliasesAndMergeKeysAreExpanded() {
    Parsed p =
        parse(
            """
            defaults: &d
              timeout: 5
              retries: 2
            extra: &e {tls: true}
            svc:
              <<: [*d, *e]
              retries: 3
            copy: *d
            """);

    assertThat(p.errors(), is(empty()));
    assertThat(p.root().get("svc").toString(), is("{\"retries\":3,\"timeout\":5,\"tls\":true}"));
    assertThat(p.root().get("copy").toString(), is("{\"timeout\":5,\"retries\":2}"));
    YamlDocument doc = p.doc().orElseThrow();
    assertThat(doc.locateKey("/svc/retries"), is(new Location(7, 3)));
    assertThat(doc.locateKey("/svc/timeout"), is(new Location(2, 3))); // where it is written
  }

  @Test
  void recursiveAliasIsAnError() {
    Parsed p = parse("a: &x\n  - 1\n  - *x\n");

    assertThat(
        p.errors(),
        contains(
            "t.yaml:1:4: /a/1: alias to anchor \"&x\" refers to itself, which is not supported"));
  }

  @Test
  void tooManyAliasesIsOneError() {
    StringBuilder yaml = new StringBuilder("a: &a [1]\nb: [");
    for (int i = 0; i < 60; i++) {
      yaml.append("*a, ");
    }
    yaml.append("*a]\n");

    Parsed p = parse(yaml.toString());

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(),
        contains("t.yaml:1:1: /: too many aliases to lists or mappings (at most 50 are allowed)"));
  }

  @Test
  void deepNestingIsOneError() {
    Parsed p = parse("a: " + "[".repeat(60) + "]".repeat(60) + "\n");

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(), contains("t.yaml:1:1: /: nested too deeply (at most 50 levels are allowed)"));
  }

  @Test
  void tooLargeIsOneError() {
    Parsed p = parse("a: \"" + "x".repeat(YamlDocument.MAX_BYTES) + "\"\n");

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(), contains("t.yaml:1:1: /: file is too large (at most 3 MiB are allowed)"));
  }

  // ---------------------------------------------------------- binary files

  @Test
  void binaryFileIsOneError() throws Exception {
    Parsed p = load(fixture("binary.bin"));

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(),
        contains("t.yaml:1:1: /: not a UTF-8 text file (invalid byte 0x89 at offset 0)"));
  }

  @Test
  void latin1FileIsOneErrorWhereTheBadByteIs() throws Exception {
    Parsed p = load(fixture("latin1.yaml"));

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(),
        contains("t.yaml:2:11: /: not a UTF-8 text file (invalid byte 0xE9 at offset 24)"));
  }

  @Test
  void nulBytesAreOneError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nul.yaml");
    Files.write(file, "a: 1\nb: \0\0\0\n".getBytes(StandardCharsets.UTF_8));

    Parsed p = load(file);

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(p.errors(), contains("t.yaml:2:4: /: not a text file (NUL byte at offset 8)"));
  }

  @Test
  void utf16IsOneError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("utf16.yaml");
    Files.write(file, "a: 1\n".getBytes(StandardCharsets.UTF_16));

    Parsed p = load(file);

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(),
        contains(
            "t.yaml:1:1: /: not a UTF-8 text file (it starts with a UTF-16 byte order mark);"
                + " save it as UTF-8"));
  }

  @Test
  void controlCharacterIsOneError() {
    Parsed p = parse("a: 1\nb: x\u0007y\n");

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(),
        contains(
            "t.yaml:2:5: /: not a text file (control character U+0007 is not allowed in YAML)"));
  }

  /**
   * Found by Jazzer on the config loader: YAML ends a line at U+2028, U+2029 and NEL, an editor
   * does not, so the positions of a YAML error after one were off by a line. Now each is one error
   * at the editor's position.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\u2028", "\u2029", "\u0085"})
  void aLineBreakOnlyYamlSeesIsOneError(String separator) {
    Parsed p = parse("a: 1\nb: j" + separator + "on\nc: 2\n");

    assertThat(p.doc(), is(Optional.empty()));
    assertThat(
        p.errors(),
        contains(
            String.format(
                java.util.Locale.ROOT,
                "t.yaml:2:5: /: character U+%04X is a line break to YAML but not to an editor, so"
                    + " every line and column after it would be off; use a newline (in a"
                    + " double-quoted string, write it as \\u%04X)",
                (int) separator.charAt(0),
                (int) separator.charAt(0))));
  }

  // ------------------------------------------------------------ ${VAR}

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "v: ${HOST}                                         | \"db.internal\"",
        "v: ${PORT}                                         | 5433",
        "v: '${PORT}'                                       | \"5433\"",
        "v: \"${PORT}\"                                     | \"5433\"",
        "v: !!str ${PORT}                                   | \"5433\"",
        "v: ${FLAG}                                         | true",
        "v: ${RATIO}                                        | 0.5",
        "v: ${SLUICE_PORT:-8080}                            | 8080",
        "v: ${EMPTY:-8080}                                  | 8080",
        "v: '${SLUICE_PORT:-8080}'                          | \"8080\"",
        "v: ${PORT:-8080}                                   | 5433",
        "v: ${EMPTY}                                        | null",
        "v: '${EMPTY}'                                      | \"\"",
        "v: ${HOST:?the database host}                      | \"db.internal\"",
        "v: jdbc:postgresql://${HOST:-localhost}:${PORT:-5432}/db"
            + "| \"jdbc:postgresql://db.internal:5433/db\"",
        "v: ${NO_HOST:-localhost}:${NO_PORT:-5432}          | \"localhost:5432\"",
        "v: $${HOST}                                        | \"${HOST}\"",
        "v: a $${HOST} and ${HOST}                          | \"a ${HOST} and db.internal\"",
        "v: cost $$5 or $5                                  | \"cost $$5 or $5\"",
        "v: ${NO_URL:-http://x:1/a?b=c}                     | \"http://x:1/a?b=c\"",
        "v: ['${PORT}', \"${PORT}\"]                        | [\"5433\",\"5433\"]",
        "${HOST}: x                                         | \"x\"",
      })
  void substitutesEnvironmentVariables(String yaml, String json) {
    Parsed p = parse(yaml.strip() + "\n");

    assertThat(p.errors(), is(empty()));
    JsonNode value = p.root().has("v") ? p.root().get("v") : p.root().get("${HOST}");
    assertThat(value.toString(), is(json));
  }

  @Test
  void substitutesInBlockSequencesWithTypes() {
    assertThat(
        parse("v:\n  - ${PORT}\n  - '${PORT}'\n  - ${FLAG}\n").root().get("v").toString(),
        is("[5433,\"5433\",true]"));
  }

  @Test
  void substitutesInBlockScalars() {
    assertThat(
        parse("v: |\n  host=${HOST}\n  port=${PORT}\n").root().get("v").asText(),
        is("host=db.internal\nport=5433\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "v: ${MISSING}          | t.yaml:1:4: /v: environment variable MISSING is not set",
        "v: x-${MISSING}-${MISSING} | t.yaml:1:4: /v: environment variable MISSING is not set",
        "v: '${MISSING:?set it to the database URL}'"
            + "| t.yaml:1:4: /v: environment variable MISSING is not set: set it to the database URL",
        "v: ${EMPTY:?needed for TLS}"
            + "| t.yaml:1:4: /v: environment variable EMPTY is empty: needed for TLS",
        "v: ${MISSING:?}        | t.yaml:1:4: /v: environment variable MISSING is not set",
        "v: ${HOST              | t.yaml:1:4: /v: unterminated \"${\" (no closing \"}\"); write"
            + " \"$${\" for a literal \"${\"",
        "v: ${1HOST}            | t.yaml:1:4: /v: invalid environment variable name \"1HOST\" in"
            + " \"${1HOST}\"",
        "v: ${HO-ST}            | t.yaml:1:4: /v: invalid environment variable name \"HO-ST\" in"
            + " \"${HO-ST}\"",
        "v: ${}                 | t.yaml:1:4: /v: invalid environment variable name \"\" in \"${}\"",
        "v: ${HOST:x}           | t.yaml:1:4: /v: invalid reference \"${HOST:x}\"; use ${NAME},"
            + " ${NAME:-default} or ${NAME:?message}",
        "v: ${A:-${B}}          | t.yaml:1:4: /v: nested references are not supported in"
            + " \"${A:-${B}\"",
        "- [a, '${MISSING}']    | t.yaml:1:7: /0/1: environment variable MISSING is not set",
      })
  void reportsSubstitutionProblemsAtTheValue(String yaml, String expected) {
    Parsed p = parse(yaml.strip() + "\n");

    assertThat(p.errors(), contains(expected));
    assertThat(p.doc().isPresent(), is(true));
  }

  @Test
  void reportsEverySubstitutionProblemAndKeepsTheDocument() {
    Parsed p =
        parse(
            """
            db:
              url: ${DB_URL:?the JDBC URL of the database}
              user: ${DB_USER}
            port: ${PORT}
            """);

    assertThat(
        p.errors(),
        contains(
            "t.yaml:2:8: /db/url: environment variable DB_URL is not set: the JDBC URL of the"
                + " database",
            "t.yaml:3:9: /db/user: environment variable DB_USER is not set"));
    assertThat(p.root().toString(), is("{\"db\":{\"url\":\"\",\"user\":\"\"},\"port\":5433}"));
    assertThat(p.doc().orElseThrow().unresolved(), is(java.util.Set.of("/db/url", "/db/user")));
  }

  // -------------------------------------------------------------- loading

  @Test
  void loadKeepsTheBytesAsRead() throws Exception {
    Path file = fixture("gateway.yaml");

    Parsed p = load(file);

    assertThat(p.errors(), is(empty()));
    YamlDocument doc = p.doc().orElseThrow();
    assertThat(doc.file(), is("t.yaml"));
    assertArrayEquals(Files.readAllBytes(file), doc.bytes());
    assertThat(doc.root().at("/listen/port").asInt(), is(5433));
    assertThat(doc.locate("/routes/1/method"), is(new Location(10, 13)));
  }

  @Test
  void parseKeepsTheTextAsUtf8Bytes() {
    YamlDocument doc = parse("a: é\n").doc().orElseThrow();

    assertArrayEquals("a: é\n".getBytes(StandardCharsets.UTF_8), doc.bytes());
  }

  @Test
  void missingFileIsUnreadable(@TempDir Path dir) {
    UnreadableFileException e =
        assertThrows(
            UnreadableFileException.class,
            () ->
                YamlDocument.load(
                    dir.resolve("nope.yaml"), "config/nope.yaml", ENV, new ArrayList<>()));

    assertThat(e.getMessage(), is("config/nope.yaml: no such file"));
  }

  @Test
  void missingParentIsUnreadable(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("file"), "x");

    UnreadableFileException e =
        assertThrows(
            UnreadableFileException.class,
            () ->
                YamlDocument.load(
                    dir.resolve("file/a.yaml"), "file/a.yaml", ENV, new ArrayList<>()));

    assertThat(e.getMessage(), is("file/a.yaml: no such file"));
  }

  @Test
  void directoryIsUnreadable(@TempDir Path dir) {
    UnreadableFileException e =
        assertThrows(
            UnreadableFileException.class,
            () -> YamlDocument.load(dir, "config", ENV, new ArrayList<>()));

    assertThat(e.getMessage(), is("config: is a directory"));
  }

  @Test
  void fileWithoutReadPermissionIsUnreadable(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("secret.yaml");
    Files.writeString(file, "a: 1\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
    Assumptions.assumeFalse(Files.isReadable(file), "running as root: permissions do not apply");

    UnreadableFileException e =
        assertThrows(
            UnreadableFileException.class,
            () -> YamlDocument.load(file, "secret.yaml", ENV, new ArrayList<>()));

    assertThat(e.getMessage(), is("secret.yaml: cannot be read (Permission denied)"));
  }

  @Test
  void errorsAreAppendedSortedToTheCallersList() {
    List<ConfigError> errors = new ArrayList<>(List.of(ConfigError.file("other.yaml", "earlier")));

    YamlDocument.parse("b: ${B}\na: ${A}\nb: 2\n", "t.yaml", ENV, errors);

    assertThat(
        errors.stream().map(ConfigError::format).toList(),
        contains(
            "other.yaml:1:1: /: earlier",
            "t.yaml:1:4: /b: environment variable B is not set",
            "t.yaml:2:4: /a: environment variable A is not set",
            "t.yaml:3:1: /b: duplicate key \"b\" (first at line 1)"));
  }
}
