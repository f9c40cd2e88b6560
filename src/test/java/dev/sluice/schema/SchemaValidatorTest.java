package dev.sluice.schema;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Environment ENV = Environment.of(Map.of("PORT", "8081"));

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SchemaValidator schema(String schemaJson) {
    return SchemaValidator.of(
        json(schemaJson), "classpath:inline/test.schema.json", "test", java.util.Optional.empty());
  }

  private static List<String> validate(String schemaJson, String yaml) {
    List<ConfigError> loadErrors = new ArrayList<>();
    YamlDocument doc = YamlDocument.parse(yaml, "t.yaml", ENV, loadErrors).orElseThrow();
    List<String> lines = new ArrayList<>();
    loadErrors.forEach(e -> lines.add(e.format()));
    doc.validate(schema(schemaJson)).forEach(e -> lines.add(e.format()));
    return lines;
  }

  private static Arguments check(String name, String schema, String yaml, String... expected) {
    return Arguments.of(name, schema, yaml, List.of(expected));
  }

  private static final String ROUTE =
      """
      {
        "type": "object",
        "additionalProperties": false,
        "required": ["path"],
        "properties": {
          "path": {"type": "string", "minLength": 1},
          "method": {"enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]},
          "timeout": {"type": "integer", "minimum": 1, "maximum": 600},
          "result": {"enum": ["one", "many", "none"]}
        }
      }
      """;

  private static final String ROUTES =
      """
      {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "routes": {"type": "array", "items": {"$ref": "#/$defs/route"}}
        },
        "$defs": {"route": %s}
      }
      """
          .formatted(ROUTE);

  static Stream<Arguments> cases() {
    return Stream.of(
        check(
            "unknown key with a suggestion, at the key",
            ROUTES,
            """
            routes:
              - path: /a
              - path: /b
                mehtod: GET
            """,
            "t.yaml:4:5: /routes/1/mehtod: unknown key \"mehtod\" (did you mean \"method\"?)"),
        check(
            "unknown key without a suggestion lists the allowed keys",
            ROUTE,
            "path: /a\ncolour: red\n",
            "t.yaml:2:1: /colour: unknown key \"colour\"; allowed: path, method, timeout, result"),
        check(
            "unknown key where no key is allowed",
            "{\"type\": \"object\", \"additionalProperties\": false}",
            "a: 1\n",
            "t.yaml:1:1: /a: unknown key \"a\"; no keys are allowed here"),
        check(
            "unknown key next to pattern properties",
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"name": {}}, "patternProperties": {"^x-": {}}}
            """,
            "name: a\nx-ok: 1\nother: 2\n",
            "t.yaml:3:1: /other: unknown key \"other\"; allowed: name, or keys matching ^x-"),
        check(
            "unevaluated key suggests keys from allOf and $ref",
            """
            {"type": "object", "unevaluatedProperties": false,
             "properties": {"name": {}},
             "allOf": [{"properties": {"timeout": {}}}, {"$ref": "#/$defs/tls"}],
             "$defs": {"tls": {"properties": {"certificate": {}}}}}
            """,
            "name: a\ntimeuot: 1\ncertificat: x\nzzz: 1\n",
            "t.yaml:2:1: /timeuot: unknown key \"timeuot\" (did you mean \"timeout\"?)",
            "t.yaml:3:1: /certificat: unknown key \"certificat\" (did you mean \"certificate\"?)",
            "t.yaml:4:1: /zzz: unknown key \"zzz\"; allowed: name, timeout, certificate"),
        check(
            "enum with a suggestion, at the value",
            ROUTES,
            "routes:\n  - path: /a\n  - path: /b\n  - path: /c\n    method: GTE\n",
            "t.yaml:5:13: /routes/2/method: \"GTE\" is not one of [GET, HEAD, POST, PUT, PATCH,"
                + " DELETE, OPTIONS] (did you mean \"GET\"?)"),
        check(
            "enum suggestion by prefix",
            ROUTE,
            "path: /a\nresult: many_rows\n",
            "t.yaml:2:9: /result: \"many_rows\" is not one of [one, many, none] (did you mean"
                + " \"many\"?)"),
        check(
            "enum without a suggestion, of numbers",
            "{\"properties\": {\"v\": {\"enum\": [1, 2, \"three\"]}}}",
            "v: 7\n",
            "t.yaml:1:4: /v: 7 is not one of [1, 2, three]"),
        check(
            "const",
            "{\"properties\": {\"version\": {\"const\": 1}, \"kind\": {\"const\": \"route\"}}}",
            "version: 2\nkind: rout\n",
            "t.yaml:1:10: /version: expected 1, got integer 2",
            "t.yaml:2:7: /kind: expected \"route\", got string \"rout\""),
        check(
            "type shows the value",
            ROUTE,
            "path: /a\ntimeout: abc\n",
            "t.yaml:2:10: /timeout: expected integer, got string \"abc\""),
        check(
            "type of containers and null",
            """
            {"properties": {"a": {"type": "object"}, "b": {"type": "array"},
                            "c": {"type": "string"}, "d": {"type": ["string", "null"]}}}
            """,
            "a: [1]\nb: {x: 1}\nc:\nd: 5\n",
            "t.yaml:1:4: /a: expected object, got array",
            "t.yaml:2:4: /b: expected array, got object",
            "t.yaml:3:3: /c: expected string, got null",
            "t.yaml:4:4: /d: expected string or null, got integer 5"),
        check(
            "type hint for YAML 1.1 booleans",
            "{\"properties\": {\"mode\": {\"type\": \"string\"}}}",
            "mode: on\n",
            "t.yaml:1:7: /mode: expected string, got boolean true (put it in quotes to make it a"
                + " string)"),
        check(
            "long values are shortened",
            "{\"properties\": {\"n\": {\"type\": \"integer\"}}}",
            "n: " + "x".repeat(100) + "\n",
            "t.yaml:1:4: /n: expected integer, got string \"" + "x".repeat(39) + "…\""),
        check(
            "required, at the object that misses it",
            ROUTES,
            "routes:\n  - path: /a\n  - method: GET\n    timeout: 5\n",
            "t.yaml:3:5: /routes/1: missing required key \"path\""),
        check(
            "required at the root prints the root pointer",
            "{\"type\": \"object\", \"required\": [\"routes\", \"name\"]}",
            "# comment\nother: 1\n",
            "t.yaml:2:1: /: missing required key \"name\"",
            "t.yaml:2:1: /: missing required key \"routes\""),
        check(
            "root of the wrong type",
            "{\"type\": \"object\"}",
            "- a\n",
            "t.yaml:1:1: /: expected object, got array"),
        check(
            "numeric limits",
            """
            {"properties": {"a": {"minimum": 1}, "b": {"maximum": 10},
                            "c": {"exclusiveMinimum": 0}, "d": {"exclusiveMaximum": 1.5},
                            "e": {"multipleOf": 5}}}
            """,
            "a: 0\nb: 11\nc: 0\nd: 1.5\ne: 7\n",
            "t.yaml:1:4: /a: must be at least 1, got 0",
            "t.yaml:2:4: /b: must be at most 10, got 11",
            "t.yaml:3:4: /c: must be greater than 0, got 0",
            "t.yaml:4:4: /d: must be less than 1.5, got 1.5",
            "t.yaml:5:4: /e: must be a multiple of 5, got 7"),
        check(
            "string lengths",
            """
            {"properties": {"a": {"minLength": 1}, "b": {"minLength": 3},
                            "c": {"maxLength": 1}, "d": {"maxLength": 4}}}
            """,
            "a: ''\nb: ab\nc: ab\nd: ünïcø\n",
            "t.yaml:1:4: /a: must not be empty",
            "t.yaml:2:4: /b: must be at least 3 characters long, got 2",
            "t.yaml:3:4: /c: must be at most 1 character long, got 2",
            "t.yaml:4:4: /d: must be at most 4 characters long, got 5"),
        check(
            "array and object sizes",
            """
            {"properties": {"a": {"minItems": 1}, "b": {"maxItems": 1},
                            "c": {"minProperties": 2}, "d": {"maxProperties": 1},
                            "e": {"minProperties": 1}, "f": {"minItems": 2}}}
            """,
            "a: []\nb: [1, 2]\nc: {x: 1}\nd: {x: 1, y: 2}\ne: {}\nf: [1]\n",
            "t.yaml:1:4: /a: must not be empty",
            "t.yaml:2:4: /b: must have at most 1 item, got 2",
            "t.yaml:3:4: /c: must have at least 2 keys, got 1",
            "t.yaml:4:4: /d: must have at most 1 key, got 2",
            "t.yaml:5:4: /e: must not be empty",
            "t.yaml:6:4: /f: must have at least 2 items, got 1"),
        check(
            "pattern",
            "{\"properties\": {\"name\": {\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}}}",
            "name: x y\n",
            "t.yaml:1:7: /name: \"x y\" does not match the pattern ^[a-z]+$"),
        check(
            "x-error replaces value messages but not type",
            """
            {"properties": {"name": {"type": "string", "pattern": "^[a-z]+$",
                                     "x-error": "must be lowercase letters, like \\"users\\""}}}
            """,
            "name: Users\n",
            "t.yaml:1:7: /name: must be lowercase letters, like \"users\""),
        check(
            "x-error leaves type errors alone",
            "{\"properties\": {\"name\": {\"type\": \"string\", \"x-error\": \"custom\"}}}",
            "name: [a]\n",
            "t.yaml:1:7: /name: expected string, got array"),
        check(
            "formats are asserted",
            """
            {"properties": {"mail": {"format": "email"}, "url": {"format": "uri"},
                            "at": {"format": "date-time"}, "id": {"format": "uuid"}}}
            """,
            "mail: nope\nurl: not a uri\nat: yesterday\nid: 42-x\n",
            "t.yaml:1:7: /mail: \"nope\" is not a valid email address",
            "t.yaml:2:6: /url: \"not a uri\" is not a valid URI",
            "t.yaml:3:5: /at: \"yesterday\" is not a valid date-time (RFC 3339, e.g."
                + " 2025-01-31T12:00:00Z)",
            "t.yaml:4:5: /id: \"42-x\" is not a valid UUID"),
        check(
            "unique items, at each repeated item",
            "{\"properties\": {\"tags\": {\"uniqueItems\": true}}}",
            "tags:\n  - a\n  - b\n  - a\n  - 1\n  - 1.0\n",
            "t.yaml:4:5: /tags/2: duplicate item \"a\" (same as item 0); items must be unique",
            "t.yaml:6:5: /tags/4: duplicate item 1.0 (same as item 3); items must be unique"),
        check(
            "property names, at the key",
            "{\"properties\": {\"paths\": {\"propertyNames\": {\"pattern\": \"^/\"}}}}",
            "paths:\n  /ok: 1\n  users/{id}: 2\n",
            "t.yaml:3:3: /paths/users~1{id}: invalid key \"users/{id}\": does not match the"
                + " pattern ^/"),
        check(
            "dependent required",
            "{\"dependentRequired\": {\"tls\": [\"certificate\"]}}",
            "tls: true\n",
            "t.yaml:1:1: /: missing required key \"certificate\" (required when \"tls\" is"
                + " present)"),
        check(
            "a property whose schema is false",
            "{\"properties\": {\"legacy\": false}}",
            "ok: 1\nlegacy: 2\n",
            "t.yaml:2:1: /legacy: key \"legacy\" is not allowed here"),
        check(
            "not required",
            "{\"not\": {\"required\": [\"password\"]}}",
            "user: a\npassword: b\n",
            "t.yaml:2:1: /password: key \"password\" is not allowed here"),
        check(
            "items beyond prefixItems",
            "{\"properties\": {\"pair\": {\"prefixItems\": [{}, {}], \"items\": false}}}",
            "pair: [a, b, c]\n",
            "t.yaml:1:14: /pair/2: unexpected item; at most 2 items allowed here"),
        check(
            "contains",
            "{\"properties\": {\"v\": {\"contains\": {\"type\": \"integer\"}}}}",
            "v: [a, b]\n",
            "t.yaml:1:4: /v: must contain at least 1 item matching {\"type\":\"integer\"}"),
        check(
            "keys with slash and tilde are escaped in pointers",
            """
            {"properties": {"paths": {"additionalProperties": {
                "type": "object", "additionalProperties": false,
                "properties": {"get": {"type": "object"}}}}}}
            """,
            "paths:\n  /users/{id}:\n    get: 1\n  a~b:\n    gte: {}\n",
            "t.yaml:3:10: /paths/~1users~1{id}/get: expected object, got integer 1",
            "t.yaml:5:5: /paths/a~0b/gte: unknown key \"gte\" (did you mean \"get\"?)"),
        check(
            "identical findings are reported once",
            "{\"allOf\": [{\"required\": [\"a\"]}, {\"required\": [\"a\"]}]}",
            "b: 1\n",
            "t.yaml:1:1: /: missing required key \"a\""),
        check(
            "if/then/else reports the errors of the branch taken",
            """
            {"properties": {"kind": {"enum": ["sql", "proxy"]}},
             "if": {"properties": {"kind": {"const": "sql"}}},
             "then": {"required": ["query"]},
             "else": {"required": ["upstream"]}}
            """,
            "kind: sql\n",
            "t.yaml:1:1: /: missing required key \"query\""),
        check(
            "typed substitution passes; failed substitution is not reported twice",
            "{\"properties\": {\"port\": {\"type\": \"integer\"}, \"host\": {\"type\": \"integer\"}}}",
            "port: ${PORT}\nhost: ${HOST}\n",
            "t.yaml:2:7: /host: environment variable HOST is not set"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsEveryErrorInSluiceWords(
      String name, String schema, String yaml, List<String> expected) {
    assertThat(validate(schema, yaml), is(expected));
  }

  // ------------------------------------------------------- oneOf / anyOf

  private static final String HANDLER =
      """
      {
        "type": "object",
        "properties": {
          "handler": {
            "oneOf": [
              {"title": "SQL handler", "type": "object", "additionalProperties": false,
               "required": ["kind", "query"],
               "properties": {"kind": {"const": "sql"}, "query": {"type": "string"},
                              "result": {"enum": ["one", "many", "none"]}}},
              {"title": "proxy handler", "type": "object", "additionalProperties": false,
               "required": ["kind", "upstream"],
               "properties": {"kind": {"const": "proxy"}, "upstream": {"type": "string"}}},
              {"type": "string", "pattern": "^static:"}
            ]
          }
        }
      }
      """;

  static Stream<Arguments> alternatives() {
    return Stream.of(
        check(
            "the discriminator picks the alternative",
            HANDLER,
            "handler:\n  kind: proxy\n  upstream: 5\n  query: x\n",
            "t.yaml:3:13: /handler/upstream: expected string, got integer 5",
            "t.yaml:4:3: /handler/query: unknown key \"query\"; allowed: kind, upstream"),
        check(
            "errors nested in the chosen alternative",
            HANDLER,
            "handler:\n  kind: sql\n  query: select 1\n  result: many_rows\n",
            "t.yaml:4:11: /handler/result: \"many_rows\" is not one of [one, many, none] (did you"
                + " mean \"many\"?)"),
        check(
            "a value of the type of one alternative only",
            HANDLER,
            "handler: dynamic:x\n",
            "t.yaml:1:10: /handler: \"dynamic:x\" does not match the pattern ^static:"),
        check(
            "no alternative has the value's type",
            HANDLER,
            "handler: 42\n",
            "t.yaml:1:10: /handler: expected object or string, got integer 42"),
        check(
            "fewest missing and unknown keys wins",
            HANDLER,
            "handler:\n  kind: sqll\n  query: select 1\n",
            "t.yaml:2:9: /handler/kind: expected \"sql\", got string \"sqll\""),
        check(
            "alternatives that are values",
            """
            {"properties": {"timeout": {"anyOf": [{"type": "integer", "minimum": 1},
                                                  {"const": "none"}, {"enum": ["auto", "off"]}]}}}
            """,
            "timeout: nnoe\n",
            "t.yaml:1:10: /timeout: expected integer, \"none\" or one of [auto, off], got string"
                + " \"nnoe\" (did you mean \"none\"?)"),
        check(
            "alternatives that each miss keys",
            "{\"anyOf\": [{\"required\": [\"url\"]}, {\"required\": [\"host\", \"port\"]}]}",
            "name: x\n",
            "t.yaml:1:1: /: missing required key \"url\" or \"host\" and \"port\""),
        check(
            "more than one alternative matches",
            """
            {"properties": {"v": {"oneOf": [{"title": "text", "type": "string"},
                                            {"maxLength": 5}, {"type": "integer"}]}}}
            """,
            "v: abc\n",
            "t.yaml:1:4: /v: matches 2 of the alternatives (\"text\" and #2) but must match"
                + " exactly one"),
        check(
            "alternatives inside array items are chosen per item",
            """
            {"properties": {"routes": {"type": "array", "items": {"anyOf": [
              {"type": "object", "required": ["sql"], "additionalProperties": false,
               "properties": {"sql": {"type": "string"}}},
              {"type": "object", "required": ["url"], "additionalProperties": false,
               "properties": {"url": {"type": "string"}}}]}}}}
            """,
            "routes:\n  - sql: x\n  - sqll: y\n  - url: 3\n",
            "t.yaml:3:5: /routes/1: missing required key \"sql\"",
            "t.yaml:3:5: /routes/1/sqll: unknown key \"sqll\" (did you mean \"sql\"?)",
            "t.yaml:4:10: /routes/2/url: expected string, got integer 3"),
        check(
            "nested alternatives",
            """
            {"properties": {"n": {"oneOf": [
              {"type": "object", "required": ["kind"],
               "properties": {"kind": {"const": "a"},
                              "x": {"oneOf": [{"type": "integer"}, {"type": "object", "required": ["q"]}]}}},
              {"type": "object", "required": ["kind", "y"], "properties": {"kind": {"const": "b"}}}]}}}
            """,
            "n:\n  kind: a\n  x: {r: 1}\n",
            "t.yaml:3:6: /n/x: missing required key \"q\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("alternatives")
  void reportsTheMostLikelyAlternative(
      String name, String schema, String yaml, List<String> expected) {
    assertThat(validate(schema, yaml), is(expected));
  }

  // ---------------------------------------------------------- general form

  @Test
  void validGivesNoErrors() {
    assertThat(validate(ROUTES, "routes:\n  - path: /a\n    method: GET\n"), is(empty()));
  }

  @Test
  void validatesAnyJsonWithTheCallersLocator() {
    List<ConfigError> errors =
        schema(ROUTE)
            .validate(
                json("{\"path\": 1, \"mehtod\": \"GET\"}"),
                "request body",
                pointer -> new Location(1, 1 + pointer.length()));

    assertThat(
        errors.stream().map(ConfigError::format).toList(),
        contains(
            "request body:1:6: /path: expected string, got integer 1",
            "request body:1:8: /mehtod: unknown key \"mehtod\" (did you mean \"method\"?)"));
  }

  @Test
  void isThreadSafe() throws Exception {
    SchemaValidator validator = schema(ROUTES);
    YamlDocument doc =
        YamlDocument.parse("routes:\n  - mehtod: GET\n", "t.yaml", ENV, new ArrayList<>())
            .orElseThrow();
    List<String> expected =
        List.of(
            "t.yaml:2:5: /routes/0: missing required key \"path\"",
            "t.yaml:2:5: /routes/0/mehtod: unknown key \"mehtod\" (did you mean \"method\"?)");
    List<Thread> threads = new ArrayList<>();
    List<List<String>> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int j = 0; j < 50; j++) {
                      results.add(
                          doc.validate(validator).stream().map(ConfigError::format).toList());
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results.size(), is(400));
    results.forEach(r -> assertThat(r, is(expected)));
  }

  // ------------------------------------------------------------- loading

  @Test
  void loadsSchemasFromTheClasspathWithRelativeReferences() {
    SchemaValidator validator = SchemaValidator.fromClasspath("/yaml/schemas/route.schema.json");
    YamlDocument doc =
        YamlDocument.parse(
                "path: /a\nmethod: GTE\nretries: -1\ntls:\n  certificat: x\n",
                "r.yaml",
                ENV,
                new ArrayList<>())
            .orElseThrow();

    assertThat(
        doc.validate(validator).stream().map(ConfigError::format).toList(),
        contains(
            "r.yaml:2:9: /method: \"GTE\" is not one of [GET, POST] (did you mean \"GET\"?)",
            "r.yaml:3:10: /retries: must be at least 0, got -1",
            "r.yaml:5:3: /tls/certificat: unknown key \"certificat\" (did you mean"
                + " \"certificate\"?)"));
  }

  @Test
  void missingClasspathSchemaIsABuildBug() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> SchemaValidator.fromClasspath("/schemas/nope.json"));

    assertThat(e.getMessage(), is("schema /schemas/nope.json is not on the classpath"));
  }

  @Test
  void brokenClasspathSchemaIsABuildBug() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> SchemaValidator.fromClasspath("/yaml/schemas/broken.schema.json"));

    assertThat(
        e.getMessage(),
        is(
            "/yaml/schemas/broken.schema.json: not a valid JSON Schema (draft 2020-12):"
                + " /properties/a/type: expected one of [array, boolean, integer, null, number,"
                + " object, string] or array, got integer 5"));
  }

  @Test
  void loadsSchemaFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("body.json");
    Files.writeString(file, ROUTE);

    SchemaValidator validator = SchemaValidator.fromFile(file);

    assertThat(
        validator.validate(json("{\"path\": \"\"}"), "body", p -> new Location(1, 1)).stream()
            .map(ConfigError::format)
            .toList(),
        contains("body:1:1: /path: must not be empty"));
  }

  @Test
  void schemaFileThatIsNotJsonIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("body.json");
    Files.writeString(file, "{\"type\": \"object\",\n  \"properties\": {]}\n");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaValidator.fromFile(file));

    assertThat(
        e.getMessage(),
        is(
            file
                + ": line 2, column 18: not valid JSON: Unexpected close marker ']': expected '}'"));
  }

  @Test
  void schemaFileThatIsNotASchemaIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("body.json");
    Files.writeString(file, "{\"properties\": {\"a\": {\"minLength\": -1}}}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaValidator.fromFile(file));

    assertThat(
        e.getMessage(),
        is(
            file
                + ": not a valid JSON Schema (draft 2020-12): /properties/a/minLength: must be at"
                + " least 0, got -1"));
  }

  @Test
  void schemaFileWithABadPatternIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("body.json");
    Files.writeString(file, "{\"properties\": {\"a\": {\"pattern\": \"[a-z\"}}}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaValidator.fromFile(file));

    assertThat(
        e.getMessage(),
        is(
            file
                + ": not a valid JSON Schema (draft 2020-12): /properties/a/pattern: \"[a-z\" is"
                + " not a valid regular expression"));
  }

  @Test
  void schemaFileWithABadPatternPropertyIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("body.json");
    Files.writeString(file, "{\"patternProperties\": {\"(x\": {}}}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaValidator.fromFile(file));

    assertThat(
        e.getMessage(),
        is(
            file
                + ": not a valid JSON Schema (draft 2020-12): /patternProperties/(x: invalid key"
                + " \"(x\": not a valid regular expression"));
  }

  @Test
  void missingSchemaFileIsUnreadable(@TempDir Path dir) {
    UnreadableFileException e =
        assertThrows(
            UnreadableFileException.class, () -> SchemaValidator.fromFile(dir.resolve("x.json")));

    assertThat(e.getMessage(), is(dir.resolve("x.json") + ": no such file"));
  }

  @Test
  void schemaDirectoryIsUnreadable(@TempDir Path dir) {
    UnreadableFileException e =
        assertThrows(UnreadableFileException.class, () -> SchemaValidator.fromFile(dir));

    assertThat(e.getMessage(), is(dir + ": is a directory"));
  }
}
