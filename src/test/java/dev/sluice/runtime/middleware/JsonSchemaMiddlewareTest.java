package dev.sluice.runtime.middleware;

import static dev.sluice.runtime.middleware.BodyTestSupport.assertProblem;
import static dev.sluice.runtime.middleware.BodyTestSupport.problem;
import static dev.sluice.runtime.middleware.RawHttp.chunked;
import static dev.sluice.runtime.middleware.RawHttp.head;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.GatewayExtension;
import dev.sluice.testing.RunningGateway;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code json-schema} over HTTP: POST and PUT /users (stack users-in: body-size 64KiB, content-type
 * application/json, json-schema with the shipped schemas/user-create.json).
 */
class JsonSchemaMiddlewareTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BAD = "Bad Request";
  @RegisterExtension static final GatewayExtension gateway = BodyTestSupport.gateway();

  private static RawHttp.Response post(String json, String requestId) throws Exception {
    int length = json.getBytes(StandardCharsets.UTF_8).length;
    return RawHttp.send(
            gateway.port(),
            head(
                    "POST /users HTTP/1.1",
                    "Content-Type: application/json",
                    "Content-Length: " + length,
                    "X-Request-Id: " + requestId)
                + json)
        .only();
  }

  @Test
  void validBodyPasses() throws Exception {
    RawHttp.Response r = post("{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}", "js");
    assertThat(r.status(), is(201));
    assertThat(r.body(), is("created"));
  }

  @Test
  void validChunkedBodyPasses() throws Exception {
    RawHttp.Response r =
        RawHttp.send(
                gateway.port(),
                head(
                        "PUT /users HTTP/1.1",
                        "Content-Type: application/json",
                        "Transfer-Encoding: chunked")
                    + chunked("{\"name\": \"Ada\", \"email\": \"ada@example.com\"}"))
            .only();
    assertThat(r.status(), is(200));
    assertThat(r.body(), is("replaced"));
  }

  @Test
  void everyViolationIsListedWithItsPointer() throws Exception {
    RawHttp.Response r =
        post("{\"name\": \"\", \"email\": \"not-an-address\", \"admin\": true}", "js-bad");
    ObjectNode expected =
        problem(400, BAD, "the request body does not match the schema (3 problems)", "/users", "");
    expected.put("request_id", "js-bad");
    ArrayNode errors = expected.putArray("errors");
    errors
        .addObject()
        .put("pointer", "/admin")
        .put("message", "unknown key \"admin\"; allowed: name, email");
    errors
        .addObject()
        .put("pointer", "/email")
        .put("message", "\"not-an-address\" is not a valid email address");
    errors.addObject().put("pointer", "/name").put("message", "must not be empty");
    assertProblem(r, expected);
    assertThat(r.header("X-Request-Id").orElseThrow(), is("js-bad"));
  }

  @Test
  void missingMembersAreReportedOnTheObject() throws Exception {
    RawHttp.Response r = post("{\"nme\": \"Ada\"}", "js-missing");
    JsonNode errors = JSON.readTree(r.body()).path("errors");
    assertThat(r.status(), is(400));
    assertThat(
        errors.toString(),
        is(
            "[{\"pointer\":\"\",\"message\":\"missing required key \\\"email\\\"\"},"
                + "{\"pointer\":\"\",\"message\":\"missing required key \\\"name\\\"\"},"
                + "{\"pointer\":\"/nme\",\"message\":\"unknown key \\\"nme\\\" (did you mean"
                + " \\\"name\\\"?)\"}]"));
  }

  @Test
  void tooLongValuesAndWrongTypes() throws Exception {
    String name = "n".repeat(201);
    RawHttp.Response r = post("{\"name\": \"" + name + "\", \"email\": 7}", "js-long");
    JsonNode errors = JSON.readTree(r.body()).path("errors");
    assertThat(r.status(), is(400));
    assertThat(errors.size(), is(2));
    assertThat(errors.get(0).path("pointer").asText(), is("/email"));
    assertThat(errors.get(1).path("pointer").asText(), is("/name"));
  }

  @Test
  void aBodyThatIsNotAnObject() throws Exception {
    RawHttp.Response r = post("[1, 2]", "js-array");
    ObjectNode expected =
        problem(
            400,
            BAD,
            "the request body does not match the schema (1 problem)",
            "/users",
            "js-array");
    expected
        .putArray("errors")
        .addObject()
        .put("pointer", "")
        .put("message", "expected object, got array");
    assertProblem(r, expected);
  }

  @Test
  void malformedJsonNamesThePosition() throws Exception {
    assertProblem(
        post("{\n  \"name\": \"Ada\",,\n}", "js-syntax"),
        400,
        BAD,
        "the request body is not valid JSON (line 2, column 17)",
        "/users",
        "js-syntax");
  }

  @Test
  void aMissingBodyIsRefused() throws Exception {
    RawHttp.Response r =
        RawHttp.send(gateway.port(), head("POST /users HTTP/1.1", "X-Request-Id: js-none")).only();
    assertProblem(r, 400, BAD, "a JSON body is required", "/users", "js-none");
  }

  @Test
  void theStackChecksSizeAndTypeFirst() throws Exception {
    RawHttp.Response wrongType =
        RawHttp.send(
                gateway.port(),
                head("POST /users HTTP/1.1", "Content-Type: text/plain", "Content-Length: 2")
                    + "{}")
            .only();
    assertThat(wrongType.status(), is(415));
    RawHttp.Response tooLarge =
        RawHttp.send(
                gateway.port(),
                head(
                    "POST /users HTTP/1.1",
                    "Content-Type: application/json",
                    "Content-Length: 65537"))
            .only();
    assertThat(tooLarge.status(), is(413));
  }

  @Test
  void aChunkedBodyOverTheServersLimitIs413() throws Exception {
    // no body-size here: Helidon's own limit stops the read, and that is a 413 too, not a 500
    try (RunningGateway small =
        RunningGateway.start(
            BodyTestSupport.DIR.resolve("server-limit/gateway.yaml"), java.util.Map.of())) {
      String json = "{\"name\": \"" + "n".repeat(2000) + "\", \"email\": \"ada@example.com\"}";
      RawHttp.Received got =
          RawHttp.send(
              small.port(),
              head(
                      "POST /users HTTP/1.1",
                      "Content-Type: application/json",
                      "Transfer-Encoding: chunked",
                      "X-Request-Id: js-server")
                  + chunked(json));
      assertProblem(
          got.only(),
          413,
          "Request Entity Too Large",
          "the request body is larger than the server accepts",
          "/users",
          "js-server");
      assertThat(got.only().header("Connection").orElseThrow(), is("close"));
      assertThat(got.closed(), is(true));
    }
  }

  @Test
  void argumentsTheSchemaRefuses() throws Exception {
    String at = "src/test/resources/configs/body/invalid/gateway.yaml:";
    assertThat(
        BodyTestSupport.loadErrors("invalid"),
        hasItems(
            at + "16:29: /stacks/schemas/0/json-schema/schema: must not be empty",
            at + "17:20: /stacks/schemas/1/json-schema: missing required key \"schema\"",
            at
                + "17:21: /stacks/schemas/1/json-schema/file: unknown key \"file\"; allowed: schema"));
  }

  @Test
  void unreadableOrInvalidSchemaFilesAreRefusedWhenTheFileIsBound() throws Exception {
    String at = "src/test/resources/configs/body/broken/gateway.yaml:";
    String dir = BodyTestSupport.DIR.resolve("schemas").toAbsolutePath().normalize().toString();
    assertThat(
        BodyTestSupport.loadErrors("broken"),
        hasItems(
            at
                + "10:29: /stacks/missing-schema/0/json-schema/schema: json-schema: schema"
                + " \"../schemas/missing.json\": "
                + dir
                + "/missing.json: no such file",
            at
                + "12:29: /stacks/broken-schema/0/json-schema/schema: json-schema: schema"
                + " \"../schemas/not-a-schema.json\": "
                + dir
                + "/not-a-schema.json: not a valid JSON Schema (draft 2020-12): /type: expected"
                + " one of [array, boolean, integer, null, number, object, string] or array, got"
                + " string \"objekt\" (did you mean \"object\"?)"));
  }
}
