package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MiddlewareRegistryTest {
  @Test
  void schemaAndRegistryNameTheSameMiddleware() throws Exception {
    JsonNode schema;
    try (InputStream in = getClass().getResourceAsStream("/schemas/gateway.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    Set<String> enumNames = new TreeSet<>();
    schema.at("/$defs/middlewareName/enum").forEach(n -> enumNames.add(n.asText()));
    Set<String> argNames = new TreeSet<>();
    schema.at("/$defs/middleware/else/properties").fieldNames().forEachRemaining(argNames::add);
    Set<String> defs = new TreeSet<>();
    schema
        .at("/$defs")
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith("args-")) {
                defs.add(n.substring("args-".length()));
              }
            });
    Set<String> registry = MiddlewareRegistry.standard().names();
    assertThat(enumNames, is(registry));
    assertThat(argNames, is(registry));
    assertThat(defs, is(registry));
  }
}
