package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: json-schema with a body schema that refers to a file beside it ({@code $ref:
 * common/money.json#/$defs/cents}) serves; one whose {@code $ref} leaves its directory is a config
 * error (BodySchemaRefsTest has the remote and absolute cases).
 */
class BodySchemaRefsHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRelativeRefValidatesTheBody() throws Exception {
    try (RunningGateway gateway =
        RunningGateway.start(BodyTestSupport.DIR.resolve("refs/gateway.yaml"), Map.of())) {
      HttpResponse<String> ok = gateway.postJson("/orders", "{\"total\":250,\"currency\":\"EUR\"}");
      assertThat(ok.body(), ok.statusCode(), is(201));
      HttpResponse<String> bad = gateway.postJson("/orders", "{\"total\":-1,\"currency\":\"GBP\"}");
      assertThat(bad.body(), bad.statusCode(), is(400));
      JsonNode errors = JSON.readTree(bad.body()).path("errors");
      assertThat(errors.toString(), errors.size(), is(2));
      assertThat(errors.get(0).path("pointer").asText(), is("/currency"));
      assertThat(errors.get(1).path("pointer").asText(), is("/total"));
    }
  }

  @Test
  void aRefOutOfTheSchemasDirectoryIsAConfigError() throws Exception {
    assertThat(
        BodyTestSupport.loadErrors("refs-escape"),
        contains(containsString("json-schema: schema \"schemas/order.json\": ")));
    assertThat(
        BodyTestSupport.loadErrors("refs-escape").get(0),
        containsString("is outside the schema's directory"));
  }
}
