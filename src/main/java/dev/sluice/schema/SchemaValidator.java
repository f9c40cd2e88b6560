package dev.sluice.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import dev.sluice.files.FileReading;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates documents against one JSON Schema (draft 2020-12) and words every problem for the
 * operator, at the position where it is written. Built once; thread-safe.
 *
 * <p>Messages are Sluice's own: unknown keys name the allowed keys or the closest one ({@code
 * unknown key "mehtod" (did you mean "method"?)}); enums suggest the closest value; type errors
 * show the value ({@code expected integer, got string "abc"}); {@code oneOf}/{@code anyOf} report
 * the alternative the value most likely meant (see {@link AlternativeSelector}). A schema object
 * may replace the message of its value keywords with an {@code "x-error"} string. Format keywords
 * ({@code email}, {@code uri}, ...) are asserted.
 */
public final class SchemaValidator {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private static final int MAX_SCHEMA_BYTES = 16 * 1024 * 1024;
  private static final int MAX_LISTED_SCHEMA_ERRORS = 10;
  private static final Pattern SOURCE =
      Pattern.compile("\\s*\\((?:for [^()]*? starting at )?\\[Source: .*?]\\)|\\s*\\[Source: .*?]");

  /** Draft 2020-12, knowing Sluice's annotation {@code x-error} (so it is not "unknown"). */
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getDraft202012())
          .keyword(new NonValidationKeyword("x-error"))
          .build();

  private final Schema schema;
  private final AlternativeSelector selector;

  private SchemaValidator(Schema schema, AlternativeSelector selector) {
    this.schema = schema;
    this.selector = selector;
  }

  /**
   * A validator for a schema shipped with Sluice, e.g. {@code "/schemas/route.schema.json"}.
   * Relative {@code $ref}s resolve against the same classpath folder.
   *
   * @throws IllegalStateException if the resource is missing or not a valid schema (a build bug)
   */
  public static SchemaValidator fromClasspath(String resource) {
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = SchemaValidator.class.getClassLoader();
    JsonNode json;
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is not on the classpath");
      }
      json = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(resource + ": " + jsonProblem(e), e);
    } catch (IOException e) {
      throw new IllegalStateException("schema " + resource + " cannot be read", e);
    }
    try {
      return of(json, "classpath:" + path, resource, Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * A validator for a schema file named in the configuration (e.g. a request-body schema). Relative
   * {@code $ref}s resolve against the file's folder.
   *
   * @throws UnreadableFileException if the file is missing, a directory or unreadable
   * @throws IllegalArgumentException if the file is not JSON or not a valid draft 2020-12 schema;
   *     the message names the file and the problem
   */
  public static SchemaValidator fromFile(Path schemaFile) throws UnreadableFileException {
    String name = schemaFile.toString();
    byte[] bytes = FileReading.read(schemaFile, name, MAX_SCHEMA_BYTES);
    if (bytes.length > MAX_SCHEMA_BYTES) {
      throw new IllegalArgumentException(name + ": schema file is too large");
    }
    JsonNode json;
    try {
      json = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": " + jsonProblem(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not valid JSON", e);
    }
    if (json == null || json.isMissingNode()) {
      throw new IllegalArgumentException(name + ": file is empty");
    }
    return of(
        json,
        schemaFile.toAbsolutePath().normalize().toUri().toString(),
        name,
        Optional.of(SchemaDirectory.of(schemaFile, MAX_SCHEMA_BYTES)));
  }

  /**
   * A validator for a parsed schema.
   *
   * @param iri where the schema lives, to resolve relative references
   * @param name how messages name the schema
   * @param directory where a schema file's references may lead; empty for Sluice's own schemas
   *     (classpath)
   * @throws IllegalArgumentException if it is not a valid draft 2020-12 schema, or refers where it
   *     may not
   */
  static SchemaValidator of(
      JsonNode json, String iri, String name, Optional<SchemaDirectory> directory) {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            DIALECT,
            builder -> {
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build());
              directory.ifPresent(
                  d ->
                      builder.schemaLoader(
                          loader ->
                              loader
                                  .block(SchemaValidator::classpath)
                                  .resourceLoaders(r -> r.values(list -> list.add(d)))));
            });
    checkAgainstMetaSchema(registry, json, name);
    Schema schema;
    try {
      schema = registry.getSchema(SchemaLocation.of(iri), json);
      schema.initializeValidators();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": " + reason(e), e);
    }
    SchemaNodes nodes = new SchemaNodes(registry, iri, json);
    return new SchemaValidator(schema, new AlternativeSelector(new ViolationMessages(nodes)));
  }

  /**
   * Every problem of a JSON value, sorted and without duplicates.
   *
   * @param file what error lines print as the file
   * @param locator the position of the value (or, for unknown keys, the member) at a JSON pointer
   */
  public List<ConfigError> validate(
      JsonNode node, String file, Function<String, Location> locator) {
    return validate(node, file, locator, locator, Set.of());
  }

  /**
   * Every problem of a JSON value, sorted and without duplicates.
   *
   * @param values the position of the value at a JSON pointer
   * @param keys the position of a member's key, for unknown keys
   * @param skipped pointers not to report (values left unresolved by substitution)
   */
  public List<ConfigError> validate(
      JsonNode node,
      String file,
      Function<String, Location> values,
      Function<String, Location> keys,
      Set<String> skipped) {
    List<Violation> violations = new ArrayList<>();
    for (com.networknt.schema.Error error : schema.validate(node)) {
      violations.add(Violation.of(error));
    }
    Map<String, Finding> unique = new LinkedHashMap<>();
    for (Finding f : selector.select(violations)) {
      if (!skipped.contains(f.pointer())) {
        unique.putIfAbsent(f.pointer() + "\u0000" + f.message(), f);
      }
    }
    List<ConfigError> errors = new ArrayList<>();
    for (Finding f : unique.values()) {
      Location at = (f.atKey() ? keys : values).apply(f.pointer());
      errors.add(ConfigError.at(file, at, f.pointer(), f.message()));
    }
    errors.sort(null);
    return List.copyOf(errors);
  }

  /** A file's schema never reaches into the jar ({@code classpath:}, {@code resource:}). */
  private static boolean classpath(com.networknt.schema.AbsoluteIri iri) {
    String scheme = iri.getScheme();
    return "classpath".equals(scheme) || "resource".equals(scheme);
  }

  /** Why a schema did not load: a refused {@code $ref} in its own words, else the validator's. */
  private static String reason(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException
          && String.valueOf(t.getMessage()).startsWith("$ref")) {
        return t.getMessage();
      }
    }
    return "not a valid JSON Schema: "
        + (e.getMessage() == null ? "it cannot be loaded" : e.getMessage());
  }

  private static void checkAgainstMetaSchema(SchemaRegistry registry, JsonNode json, String name) {
    Schema meta;
    List<com.networknt.schema.Error> errors;
    try {
      meta = registry.getSchema(SchemaLocation.of(META_SCHEMA));
      errors = meta.validate(json);
    } catch (RuntimeException e) {
      return; // The meta-schema could not be loaded: the schema itself is still checked on use.
    }
    if (errors.isEmpty()) {
      return;
    }
    SchemaNodes nodes = new SchemaNodes(registry, META_SCHEMA, meta.getSchemaNode());
    AlternativeSelector selector = new AlternativeSelector(new ViolationMessages(nodes));
    List<String> lines = new ArrayList<>();
    for (Finding f : selector.select(errors.stream().map(Violation::of).toList())) {
      String line = (f.pointer().isEmpty() ? "/" : f.pointer()) + ": " + f.message();
      if (!lines.contains(line)) {
        lines.add(line);
      }
    }
    lines.sort(null);
    String listed =
        String.join("; ", lines.subList(0, Math.min(lines.size(), MAX_LISTED_SCHEMA_ERRORS)));
    throw new IllegalArgumentException(
        name
            + ": not a valid JSON Schema (draft 2020-12): "
            + listed
            + (lines.size() > MAX_LISTED_SCHEMA_ERRORS ? "; …" : ""));
  }

  private static String jsonProblem(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : "line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ": ";
    String message = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("");
    return where + "not valid JSON: " + message.strip();
  }
}
