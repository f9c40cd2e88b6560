package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.MiddlewareArgs;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The schema, the registry of parsers and the sealed argument records name the same middleware. */
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
    Set<String> registry = MiddlewareRegistry.names();
    assertThat(enumNames, is(registry));
    assertThat(argNames, is(registry));
    assertThat(defs, is(registry));
  }

  @Test
  void everyArgumentRecordHasAParserUnderItsName() throws Exception {
    Set<String> records = new TreeSet<>();
    for (Class<?> c : MiddlewareArgs.class.getPermittedSubclasses()) {
      records.add((String) c.getField("NAME").get(null));
    }
    assertThat(records, is(MiddlewareRegistry.names()));
  }
}
