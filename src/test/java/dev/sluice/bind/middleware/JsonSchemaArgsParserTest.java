package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.BodySchema;
import dev.sluice.spec.JsonSchemaArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSchemaArgsParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void schemas() throws Exception {
    Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(
        dir.resolve("schemas/name.json"), "{\"type\": \"object\", \"required\": [\"name\"]}");
    Files.writeString(dir.resolve("schemas/broken.json"), "{\"type\": \"objekt\"}");
    file = dir.resolve("conf/gateway.yaml");
  }

  @Test
  void theSchemaFileIsRelativeToTheFileItIsWrittenInAndCompiledWhenBound() throws Exception {
    JsonSchemaArgs a =
        ArgsFixture.bind("json-schema: {schema: ../schemas/name.json}", file)
            .as(JsonSchemaArgs.class);
    assertThat(a.file(), is(dir.resolve("schemas/name.json")));
    assertThat(a.schema().violations(JSON.readTree("{\"name\": \"ada\"}")), is(List.of()));
    assertThat(
        a.schema().violations(JSON.readTree("{}")),
        contains(new BodySchema.Violation("", "missing required key \"name\"")));
  }

  @Test
  void middlewareNamingOneFileShareOneCompiledSchema() {
    BindingContext oneLoad = ArgsFixture.context();
    JsonSchemaArgs a =
        ArgsFixture.bind("json-schema: {schema: ../schemas/name.json}", oneLoad, file, Map.of())
            .as(JsonSchemaArgs.class);
    JsonSchemaArgs b =
        ArgsFixture.bind(
                "json-schema: {schema: ../schemas/../schemas/name.json}",
                oneLoad,
                dir.resolve("conf/routes.yaml"),
                Map.of())
            .as(JsonSchemaArgs.class);
    assertThat(b.schema(), sameInstance(a.schema()));
  }

  @Test
  void aMissingFileIsAnErrorAtTheSchemaKey() {
    assertThat(
        ArgsFixture.bind("json-schema: {schema: missing.json}", file).errors(),
        contains(
            "3:29: /stacks/s/0/json-schema/schema: json-schema: schema \"missing.json\": "
                + dir.resolve("conf/missing.json")
                + ": no such file"));
  }

  @Test
  void aFileThatIsNoSchemaIsAnErrorAtTheSchemaKey() {
    assertThat(
        ArgsFixture.bind("json-schema: {schema: ../schemas/broken.json}", file).errors(),
        contains(
            startsWith(
                "3:29: /stacks/s/0/json-schema/schema: json-schema: schema"
                    + " \"../schemas/broken.json\": "
                    + dir.resolve("schemas/broken.json")
                    + ": not a valid JSON Schema (draft 2020-12): /type:")));
  }

  @Test
  void aBareEntrySaysWhatItNeeds() {
    assertThat(
        ArgsFixture.bind("json-schema").errors(),
        contains(
            "3:7: /stacks/s/0: json-schema: json-schema needs a schema file:"
                + " - json-schema: {schema: schemas/body.json}"));
  }
}
