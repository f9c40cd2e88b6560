package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate-config and routes as an operator runs them: exit codes and exact output. */
class ValidateConfigCommandTest {
  private static final String BROKEN = "src/test/resources/configs/broken/gateway.yaml";

  @Test
  void shippedConfigIsValid() {
    CliRun r = CliRun.of("validate-config", "-c", "config/gateway.yaml");
    assertThat(r.err(), r.code(), is(0));
    assertThat(r.out(), startsWith("config/gateway.yaml: OK — "));
  }

  @Test
  void brokenConfigReportsEveryMistakeWithLineAndColumn() {
    CliRun r = CliRun.of("validate-config", "-c", BROKEN);
    assertThat(r.code(), is(1));
    List<String> lines = Arrays.asList(r.out().split("\n"));
    String gw = "src/test/resources/configs/broken/gateway.yaml";
    String routes = "src/test/resources/configs/broken/routes/b-routes.yaml";
    String syntax = "src/test/resources/configs/broken/routes/a-syntax.yaml";
    // unset ${VAR}
    assertThat(
        lines,
        hasItem(gw + ":3:9: /server/port: environment variable SLUICE_TEST_UNSET_VAR is not set"));
    // wrong type (a duration needs a unit)
    assertThat(
        lines, hasItem(gw + ":5:12: /server/shutdown/grace: expected string, got integer 30"));
    // misspelt enum value
    assertThat(
        lines,
        hasItem(
            gw
                + ":7:11: /logging/format: \"jsn\" is not one of [json, text] (did you mean \"json\"?)"));
    // unknown middleware name
    assertThat(
        lines,
        hasItem(
            gw
                + ":13:7: /stacks/public/1: \"acess-log\" is not one of [request-id, access-log, ip-filter, cors, security-headers, auth, body-size, content-type, json-schema, rate-limit, timeout] (did you mean \"access-log\"?)"));
    // YAML syntax error
    assertThat(
        lines,
        hasItem(syntax + ":5:12: /: YAML syntax error: mapping values are not allowed here"));
    // duplicate id, same method and path shape
    assertThat(
        lines,
        hasItem(
            routes
                + ":9:9: /routes/1/id: duplicate route id \"get-user\" (first defined at "
                + routes
                + ":2:5)"));
    assertThat(
        lines,
        hasItem(
            startsWith(
                routes
                    + ":11:11: /routes/1/path: GET /users/{name} has the same method and path shape as \"get-user\"")));
    // unknown key with a suggestion
    assertThat(
        lines,
        hasItem(
            routes + ":20:5: /routes/2/statc: unknown key \"statc\" (did you mean \"static\"?)"));
    // misspelt method
    assertThat(
        lines,
        hasItem(
            startsWith(
                routes
                    + ":22:13: /routes/3/method: expected one of [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, ANY] or array, got string \"GTE\" (did you mean \"GET\"?)")));
    // wrong type
    assertThat(
        lines,
        hasItem(
            routes
                + ":30:22: /routes/4/static/status: expected integer, got string \"two hundred\""));
    // missing required key
    assertThat(lines, hasItem(routes + ":31:5: /routes/5: missing required key \"path\""));
    // unknown stack
    assertThat(
        lines,
        hasItem(
            routes
                + ":38:12: /routes/6/stack: unknown stack \"pubic\" (did you mean \"public\"?)"));
    // path parameter not declared
    assertThat(
        lines,
        hasItem(
            startsWith(routes + ":42:11: /routes/7/path: path parameter {slug} is not declared")));
    // a header value that would split the response
    assertThat(
        lines,
        hasItem(
            routes
                + ":49:32: /routes/8/static/headers/X-Note: a header value may hold only tabs,"
                + " printable ASCII and Latin-1 characters (no line breaks or other control"
                + " characters)"));
    // a route with errors of its own still takes part in the checks across routes
    assertThat(
        lines,
        hasItem(routes + ":54:22: /routes/9/static/status: expected integer, got string \"ok\""));
    assertThat(
        lines,
        hasItem(
            routes
                + ":50:9: /routes/9/id: duplicate route id \"get-user\" (first defined at "
                + routes
                + ":2:5)"));
    assertThat(
        lines,
        hasItem(
            routes
                + ":58:12: /routes/10/stack: unknown stack \"pubic\" (did you mean \"public\"?)"));
    assertThat(
        lines,
        hasItem(
            startsWith(
                routes
                    + ":57:11: /routes/10/path: GET /users/{who} has the same method and path shape as \"get-user\"")));
    // and its stack and path parameters are checked although the schema found an error in it
    assertThat(
        lines,
        hasItem(
            routes
                + ":53:12: /routes/9/stack: unknown stack \"pubic\" (did you mean \"public\"?)"));
    assertThat(
        lines,
        hasItem(
            startsWith(routes + ":52:11: /routes/9/path: path parameter {slug} is not declared")));
    // a route with a schema error and no handler gets both
    assertThat(lines, hasItem(routes + ":62:9: /routes/11/id: expected string, got integer 11"));
    assertThat(
        lines,
        hasItem(
            routes + ":62:5: /routes/11: route has no handler; add one of: static, sql, proxy"));
    // the misspelt handler key's "did you mean" says it: no second "route has no handler"
    assertThat(r.out(), not(containsString("/routes/2: route has no handler")));
    assertThat(lines.get(lines.size() - 1), is("22 errors in 3 files."));
    assertThat(r.out(), not(containsString("Exception")));
    assertThat(r.out(), not(containsString("com.networknt")));
  }

  @Test
  void sqlRoutesAreCheckedAgainstTheirParametersAndDatasources(@TempDir Path dir) throws Exception {
    writeGateway(
        dir,
        """
          main:
            url: jdbc:postgresql://127.0.0.1:1/none
            statement-timeout: 1s
          open-ended:
            url: jdbc:postgresql://127.0.0.1:1/none
            statement-timeout: 0s
        """);
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: undeclared
            method: GET
            path: /a
            stack: public
            sql:
              datasource: main
              query: SELECT id FROM users WHERE id = :id
              result: one
          - id: unused
            method: GET
            path: /b
            stack: public
            params:
              limit: {in: query, type: integer}
            sql:
              datasource: main
              query: SELECT id FROM users
              result: many
          - id: no-such-datasource
            method: GET
            path: /c
            stack: public
            sql:
              datasource: mian
              query: SELECT 1 AS one
              result: one
          - id: longer-than-the-datasource
            method: GET
            path: /d
            stack: public
            sql:
              datasource: main
              query: SELECT 1 AS one
              timeout: 2s
              result: one
          - id: datasource-without-timeout
            method: GET
            path: /e
            stack: public
            sql:
              datasource: open-ended
              query: SELECT 1 AS one
              timeout: 2s
              result: one
          - id: clash-a
            method: GET
            path: /f/{a}
            stack: public
            params: {a: {in: path}}
            static: {body: a}
          - id: clash-a
            method: GET
            path: /f/{b}
            stack: public
            params: {b: {in: path}}
            sql: {datasource: main, query: "SELECT :b AS b, :c AS c", result: one}
        """);
    CliRun r = CliRun.of("validate-config", "-c", dir.resolve("gateway.yaml").toString());
    assertThat(r.code(), is(1));
    List<String> lines = linesWithShortRoutesFile(r, dir);
    assertThat(
        lines,
        hasItem(
            "routes.yaml:8:14: /routes/0/sql/query: parameter :id is used in the query but not"
                + " declared; add params: {id: {in: query, type: string}}"));
    assertThat(
        lines,
        hasItem(
            "routes.yaml:15:14: /routes/1/params/limit: parameter \"limit\" is declared but the"
                + " query does not use :limit"));
    assertThat(
        lines,
        hasItem(
            "routes.yaml:25:19: /routes/2/sql/datasource: unknown datasource \"mian\" (did you"
                + " mean \"main\"?)"));
    assertThat(
        lines,
        hasItem(
            startsWith(
                "routes.yaml:35:16: /routes/3/sql/timeout: the route's timeout is longer than"
                    + " datasource \"main\"'s statement-timeout")));
    // statement-timeout 0s is "none": any route timeout is shorter
    assertThat(r.out(), not(containsString("/routes/4/")));
    // two valid routes that clash are reported (and the build does not crash on them)
    assertThat(
        lines,
        hasItem(
            "routes.yaml:52:9: /routes/6/id: duplicate route id \"clash-a\" (first defined at"
                + " routes.yaml:46:5)"));
    assertThat(
        lines,
        hasItem(
            startsWith(
                "routes.yaml:54:11: /routes/6/path: GET /f/{b} has the same method and path shape"
                    + " as \"clash-a\"")));
    // and the clashing route is still built on its own, so its SQL mistake comes in this run too
    assertThat(
        lines,
        hasItem(
            startsWith(
                "routes.yaml:57:36: /routes/6/sql/query: parameter :c is used in the query")));
    assertThat(r.err(), not(containsString("Exception")));
    assertThat(lines.get(lines.size() - 1), is("7 errors in 1 file."));
  }

  @Test
  void aRouteWithSchemaErrorsStillHasItsSqlChecked(@TempDir Path dir) throws Exception {
    writeGateway(
        dir,
        """
          main:
            url: jdbc:postgresql://127.0.0.1:1/none
        """);
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: list-users
            method: GET
            path: /users
            stack: public
            params:
              limit: {in: query, type: integr}
              unused: {in: query, type: string}
            sql:
              datasource: mian
              query: SELECT * FROM users LIMIT :limit OFFSET :offset
          - id: bad-quote
            method: GET
            path: /q
            stack: public
            descr: x
            sql:
              datasource: main
              query: SELECT 'abc
          - id: bad-pattern
            method: GET
            path: /p
            stack: public
            params:
              name: {in: query, type: string, pattern: "([a-z]"}
            sql:
              datasource: main
              query: SELECT :name AS n
          - id: no-query
            method: GET
            path: /nq
            stack: public
            sql:
              datasource: mian
        """);
    CliRun r = CliRun.of("validate-config", "-c", dir.resolve("gateway.yaml").toString());
    assertThat(r.code(), is(1));
    List<String> lines = linesWithShortRoutesFile(r, dir);
    assertThat(
        lines,
        contains(
            "routes.yaml:7:32: /routes/0/params/limit/type: \"integr\" is not one of [string,"
                + " integer, number, boolean, uuid, date, timestamp, json] (did you mean"
                + " \"integer\"?)",
            "routes.yaml:8:15: /routes/0/params/unused: parameter \"unused\" is declared but the"
                + " query does not use :unused",
            "routes.yaml:10:19: /routes/0/sql/datasource: unknown datasource \"mian\" (did you"
                + " mean \"main\"?)",
            "routes.yaml:11:14: /routes/0/sql/query: parameter :offset is used in the query but"
                + " not declared; add params: {offset: {in: query, type: string}}",
            "routes.yaml:16:5: /routes/1/descr: unknown key \"descr\"; allowed: id, method, path,"
                + " stack, middleware, params, static, sql, proxy",
            "routes.yaml:19:14: /routes/1/sql/query: unterminated string literal starting at line"
                + " 1, column 8",
            // a parameter whose definition has an error is still declared: no second error
            "routes.yaml:25:48: /routes/2/params/name/pattern: not a valid regular expression:"
                + " Unclosed group",
            // a block missing a key still has its other parts checked
            "routes.yaml:34:7: /routes/3/sql: missing required key \"query\"",
            "routes.yaml:34:19: /routes/3/sql/datasource: unknown datasource \"mian\" (did you"
                + " mean \"main\"?)",
            "9 errors in 1 file."));
  }

  @Test
  void aPasswordIsNeverEchoedInAnError(@TempDir Path dir) throws Exception {
    CliRun r =
        validateWithoutRoutes(
            dir,
            """
              main:
                url: jdbc:postgresql://127.0.0.1:1/none
                password: 987654321
            """);
    assertThat(r.code(), is(1));
    assertThat(
        r.out(),
        containsString(
            "/datasources/main/password: expected string or null, got a number (the value is a"
                + " secret and not shown) (write it in quotes"));
    assertThat(r.out() + r.err(), not(containsString("987654321")));
  }

  @Test
  void aUrlTheDriverCannotReadIsAConfigErrorNotAStackTrace(@TempDir Path dir) throws Exception {
    CliRun r =
        validateWithoutRoutes(
            dir,
            """
              main:
                url: jdbc:postgresql://127.0.0.1:notaport/none
            """);
    assertThat(r.code(), is(1));
    assertThat(
        r.out(),
        containsString(
            "/datasources/main/url: not a URL the PostgreSQL driver reads: expected"
                + " jdbc:postgresql://host[:port]/database"));
    assertThat(r.out() + r.err(), not(containsString("Exception")));
    assertThat(r.err(), not(containsString("WARN")));
  }

  @Test
  void aBadValueFromAVariableNamesTheVariable(@TempDir Path dir) throws Exception {
    CliRun r =
        validateWithoutRoutes(
            dir,
            """
              main:
                url: jdbc:postgresql://127.0.0.1:1/none
                pool-size: ${SLUICE_TEST_NEVER_SET:-0}
            """);
    assertThat(r.code(), is(1));
    assertThat(
        r.out(),
        containsString(
            "/datasources/main/pool-size: must be at least 1, got 0 (the value comes from"
                + " ${SLUICE_TEST_NEVER_SET:-0})"));
  }

  @Test
  void aStatementTimeoutPostgresCannotTakeIsAnError(@TempDir Path dir) throws Exception {
    CliRun r =
        validateWithoutRoutes(
            dir,
            """
              main:
                url: jdbc:postgresql://127.0.0.1:1/none
                statement-timeout: 600h
            """);
    assertThat(r.code(), is(1));
    assertThat(
        r.out(),
        containsString(
            "gateway.yaml:5:24: /datasources/main/statement-timeout: PostgreSQL takes a statement"
                + " timeout of at most 2147483647ms (about 24 days); use 0s for none"));
  }

  /** The output's lines, with the route file's path in {@code dir} shortened to routes.yaml. */
  private static List<String> linesWithShortRoutesFile(CliRun r, Path dir) {
    return Arrays.stream(r.out().split("\n"))
        .map(l -> l.replace(dir.resolve("routes.yaml").toString(), "routes.yaml"))
        .toList();
  }

  /** validate-config on a gateway.yaml with these datasources and an empty routes.yaml. */
  private static CliRun validateWithoutRoutes(Path dir, String datasources) throws Exception {
    writeGateway(dir, datasources);
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    return CliRun.of("validate-config", "-c", dir.resolve("gateway.yaml").toString());
  }

  /** A gateway.yaml with these datasources (indented under datasources:) and routes.yaml. */
  private static void writeGateway(Path dir, String datasources) throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        "server: {host: 127.0.0.1, port: 8080}\n"
            + "datasources:\n"
            + datasources
            + "route-files: [routes.yaml]\n"
            + "stacks:\n"
            + "  public: [request-id]\n");
  }

  @Test
  void jsonFormatIsAnArrayOfErrors() throws Exception {
    CliRun r = CliRun.of("validate-config", "-c", BROKEN, "--format", "json");
    assertThat(r.code(), is(1));
    JsonNode arr = new ObjectMapper().readTree(r.out());
    assertThat(arr.isArray(), is(true));
    JsonNode first = arr.get(0);
    for (String field : List.of("file", "line", "column", "pointer", "message")) {
      assertThat(field, first.has(field), is(true));
    }
  }

  @Test
  void jsonFormatOnValidConfigIsEmptyArray() throws Exception {
    CliRun r = CliRun.of("validate-config", "-c", "config/gateway.yaml", "--format", "json");
    assertThat(r.code(), is(0));
    assertThat(new ObjectMapper().readTree(r.out()).size(), is(0));
    assertThat(r.out(), is("[ ]\n")); // ends with a newline, like every line a tool reads
  }

  @Test
  void missingFileIsExit2WithOneLine(@TempDir Path dir) {
    CliRun r = CliRun.of("validate-config", "-c", dir.resolve("nope.yaml").toString());
    assertThat(r.code(), is(2));
    assertThat(r.err().strip().lines().count(), is(1L));
    assertThat(r.err(), containsString("nope.yaml"));
  }

  @Test
  void directoryIsExit2(@TempDir Path dir) {
    CliRun r = CliRun.of("validate-config", "-c", dir.toString());
    assertThat(r.code(), is(2));
    assertThat(r.err(), containsString("directory"));
  }

  @Test
  void emptyFileIsExit1(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("gateway.yaml"), "# nothing here\n");
    CliRun r = CliRun.of("validate-config", "-c", f.toString());
    assertThat(r.code(), is(1));
    assertThat(r.out(), containsString("file is empty"));
  }

  @Test
  void notYamlIsExit1(@TempDir Path dir) throws Exception {
    Path f =
        Files.write(dir.resolve("gateway.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    CliRun r = CliRun.of("validate-config", "-c", f.toString());
    assertThat(r.code(), is(1));
    assertThat(r.out().strip().lines().count(), is(2L)); // the error and the summary
  }

  @Test
  void unknownOptionIsUsageExit2() {
    CliRun r = CliRun.of("validate-config", "--nope");
    assertThat(r.code(), is(2));
    assertThat(r.err(), containsString("Unknown option"));
  }

  @Test
  void helpForEachCommand() {
    for (String cmd : List.of("serve", "validate-config", "routes")) {
      CliRun r = CliRun.of(cmd, "--help");
      assertThat(r.code(), is(0));
      assertThat(r.out(), containsString("Usage: sluice " + cmd));
      assertThat(r.out(), containsString("-c, --config=FILE"));
    }
  }

  @Test
  void routesPrintsTheTable() {
    CliRun r = CliRun.of("routes", "-c", "config/gateway.yaml");
    assertThat(r.err(), r.code(), is(0));
    assertThat(
        r.out(),
        is(
            """
            METHOD  PATH         ID           STACK                                                                                                              HANDLER
            POST    /login       login        login (request-id, access-log, security-headers, rate-limit)                                                       static 200
            GET     /            root         public (request-id, access-log, security-headers, cors, rate-limit)                                                static 200
            GET     /robots.txt  robots       public (request-id, access-log, security-headers, cors, rate-limit)                                                static 200
            GET     /ex/{p...}   example      edge (request-id, access-log, security-headers)                                                                    proxy example /{p}
            GET     /users/{id}  get-user     public (request-id, access-log, security-headers, cors, rate-limit)                                                sql main one
            GET     /users       list-users   public (request-id, access-log, security-headers, cors, rate-limit)                                                sql main many
            POST    /users       create-user  writers (request-id, access-log, security-headers, cors, rate-limit, auth) + body-size, content-type, json-schema  sql main one 201
            DELETE  /users/{id}  delete-user  writers (request-id, access-log, security-headers, cors, rate-limit, auth)                                         sql main none 204
            """));
  }

  @Test
  void routesOnBrokenConfigIsExit1() {
    CliRun r = CliRun.of("routes", "-c", BROKEN);
    assertThat(r.code(), is(1));
  }

  /**
   * Issue 18 item 8: a JWT without an audience, or keys over plain HTTP from elsewhere, is refused.
   */
  @Test
  void jwtNeedsAnAudienceAndHttpsJwksOffLoopback(@TempDir Path dir) throws Exception {
    Path gw = dir.resolve("gateway.yaml");
    Files.writeString(
        gw,
        """
        server: {host: 127.0.0.1, port: 8080}
        route-files: [routes/*.yaml]
        stacks:
          users:
            - auth:
                jwt:
                  algorithms: [RS256]
                  jwks: {url: "http://issuer.example/jwks.json"}
          local:
            - auth:
                jwt:
                  algorithms: [RS256]
                  jwks: {url: "http://127.0.0.1:9000/jwks.json"}
                  audience: any
        """);
    Files.createDirectories(dir.resolve("routes"));
    Files.writeString(dir.resolve("routes/r.yaml"), "routes: []\n");
    CliRun r = CliRun.of("validate-config", "-c", gw.toString());
    assertThat(r.out(), r.code(), is(1));
    List<String> lines = Arrays.asList(r.out().split("\n"));
    assertThat(
        lines,
        hasItem(
            gw
                + ":7:11: /stacks/users/0/auth/jwt: auth: jwt: audience is required: the aud your"
                + " tokens are minted for (audience: my-api), or audience: any to accept a token"
                + " whatever its audience"));
    assertThat(
        lines,
        hasItem(
            gw
                + ":8:23: /stacks/users/0/auth/jwt/jwks/url: auth: jwt: jwks url must be https://"
                + " (http:// only for a loopback host: localhost, 127.0.0.1, [::1])"));
    assertThat(r.out(), not(containsString("/stacks/local")));
  }
}
