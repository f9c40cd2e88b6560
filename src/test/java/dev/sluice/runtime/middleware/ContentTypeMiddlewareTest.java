package dev.sluice.runtime.middleware;

import static dev.sluice.runtime.middleware.BodyTestSupport.assertProblem;
import static dev.sluice.runtime.middleware.RawHttp.chunked;
import static dev.sluice.runtime.middleware.RawHttp.head;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.GatewayExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code content-type} over HTTP: stack json-only allows application/json and text/*. */
class ContentTypeMiddlewareTest {
  private static final String ALLOWED = "; allowed: application/json, text/*";
  @RegisterExtension static final GatewayExtension gateway = BodyTestSupport.gateway();

  private static RawHttp.Response post(String... headersAndBody) throws Exception {
    String body = headersAndBody[headersAndBody.length - 1];
    String[] headers = java.util.Arrays.copyOf(headersAndBody, headersAndBody.length - 1);
    return RawHttp.send(gateway.port(), head("POST /typed HTTP/1.1", headers) + body).only();
  }

  @Test
  void allowedTypeIgnoringParametersAndCase() throws Exception {
    for (String type :
        List.of(
            "application/json",
            "Application/JSON; charset=UTF-8",
            " application/json ;charset=utf-8",
            "text/plain",
            "TEXT/csv; header=present")) {
      RawHttp.Response r = post("Content-Type: " + type, "Content-Length: 2", "{}");
      assertThat(type, r.status(), is(201));
      assertThat(r.body(), is("typed"));
    }
  }

  @Test
  void chunkedBodyIsCheckedToo() throws Exception {
    RawHttp.Response ok =
        post("Content-Type: application/json", "Transfer-Encoding: chunked", chunked("{}"));
    assertThat(ok.status(), is(201));
    RawHttp.Response refused =
        post(
            "Content-Type: application/xml",
            "Transfer-Encoding: chunked",
            "X-Request-Id: ct-chunked",
            chunked("<a/>"));
    assertProblem(
        refused,
        415,
        "Unsupported Media Type",
        "the media type application/xml is not accepted here" + ALLOWED,
        "/typed",
        "ct-chunked");
  }

  @Test
  void otherTypeIs415NamingTheAllowedTypes() throws Exception {
    RawHttp.Response r =
        post(
            "Content-Type: application/xml; charset=utf-8",
            "Content-Length: 4",
            "X-Request-Id: ct-xml",
            "<a/>");
    assertProblem(
        r,
        415,
        "Unsupported Media Type",
        "the media type application/xml is not accepted here" + ALLOWED,
        "/typed",
        "ct-xml");
    assertThat(r.header("X-Request-Id").orElseThrow(), is("ct-xml"));
    // a 415 keeps the connection: the (small) body is read and discarded by the server
    assertThat(r.header("Connection").orElse("keep-alive"), is("keep-alive"));
  }

  @Test
  void aTypeIsNotAPrefixOfAnother() throws Exception {
    RawHttp.Response r =
        post("Content-Type: application/jsonx", "Content-Length: 2", "X-Request-Id: ct-x", "{}");
    assertProblem(
        r,
        415,
        "Unsupported Media Type",
        "the media type application/jsonx is not accepted here" + ALLOWED,
        "/typed",
        "ct-x");
  }

  @Test
  void bodyWithoutContentTypeIs415() throws Exception {
    RawHttp.Response r = post("Content-Length: 2", "X-Request-Id: ct-none", "{}");
    assertProblem(
        r,
        415,
        "Unsupported Media Type",
        "the request has a body but no Content-Type" + ALLOWED,
        "/typed",
        "ct-none");
  }

  @Test
  void malformedContentTypeIs415() throws Exception {
    RawHttp.Response r =
        post("Content-Type: json", "Content-Length: 2", "X-Request-Id: ct-bad", "{}");
    assertProblem(
        r,
        415,
        "Unsupported Media Type",
        "the Content-Type \"json\" is not a media type" + ALLOWED,
        "/typed",
        "ct-bad");
  }

  @Test
  void requestsWithoutBodyPass() throws Exception {
    assertThat(post("").status(), is(201));
    assertThat(post("Content-Length: 0", "").status(), is(201));
    assertThat(post("Content-Type: image/png", "Content-Length: 0", "").status(), is(201));
  }

  @Test
  void argumentsTheSchemaRefuses() throws Exception {
    String at = "src/test/resources/configs/body/invalid/gateway.yaml:";
    String form =
        ": a media type (application/json) or every subtype of one type (text/*), without"
            + " parameters";
    assertThat(
        BodyTestSupport.loadErrors("invalid"),
        hasItems(
            at + "11:29: /stacks/types/0/content-type/allow: must not be empty",
            at + "12:30: /stacks/types/1/content-type/allow/0" + form,
            at + "13:30: /stacks/types/2/content-type/allow/0" + form,
            at
                + "14:48: /stacks/types/3/content-type/allow/1: duplicate item"
                + " \"application/json\" (same as item 0); items must be unique"));
  }

  @Test
  void overlappingEntriesAreRefusedWhenTheFileIsBound() throws Exception {
    assertThat(
        BodyTestSupport.loadErrors("broken"),
        hasItem(
            "src/test/resources/configs/body/broken/gateway.yaml:14:38:"
                + " /stacks/overlapping/0/content-type/allow/1: content-type: allow lists text/* and"
                + " text/plain, which overlap; keep one of them"));
  }
}
