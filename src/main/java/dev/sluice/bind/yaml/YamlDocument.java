package dev.sluice.bind.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.files.FileReading;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.schema.JsonPointers;
import dev.sluice.schema.SchemaValidator;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import dev.sluice.spec.Origin;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * A YAML file parsed into a Jackson tree, with the line:column of every node and key, after {@code
 * ${VAR}} substitution.
 *
 * <p>Loading never throws for bad content: problems are appended to the caller's error list. When
 * the file cannot be turned into a tree at all (not UTF-8 text, too large, empty, a syntax error,
 * more than one document) the result is empty. Other problems (duplicate keys, unset variables,
 * keys that are lists or mappings) are reported and a document is still returned, so that schema
 * validation can report everything else at once; the offending values do not produce further schema
 * errors when validated with {@link #validate(SchemaValidator)}.
 *
 * <p>Scalars are typed by SnakeYAML's YAML 1.1 resolution, so {@code on/off/yes/no} are booleans
 * and {@code 0777} is octal; the schema reports where that matters. Timestamps and unknown tags
 * stay text. {@code ${VAR}} references are substituted in values (never in keys); a plain
 * (unquoted) value that contained one is typed again after substitution, so {@code port:
 * ${PORT:-8080}} is the integer 8080, while quoted values stay strings.
 */
public final class YamlDocument {

  /** Largest file accepted, in bytes. */
  static final int MAX_BYTES = 3 * 1024 * 1024;

  /** Most aliases to lists or mappings in one document. */
  static final int MAX_ALIASES = 50;

  /** Deepest nesting SnakeYAML accepts. */
  static final int MAX_NESTING = 50;

  private final String file;
  private final JsonNode root;
  private final byte[] bytes;
  private final Map<String, Location> values;
  private final Map<String, Location> keys;
  private final Set<String> unresolved;
  private final Map<String, String> substituted;

  private YamlDocument(String file, JsonNode root, byte[] bytes, YamlTreeBuilder tree) {
    this.file = file;
    this.root = root;
    this.bytes = bytes;
    this.values = Map.copyOf(tree.values());
    this.keys = Map.copyOf(tree.keys());
    this.unresolved = Set.copyOf(tree.unresolved());
    this.substituted = Map.copyOf(tree.substituted());
  }

  /**
   * Reads and parses a file.
   *
   * @param displayName what error lines print as the file, e.g. the path as the operator wrote it
   * @param errors receives every problem found, sorted
   * @throws UnreadableFileException if the file is missing, a directory or unreadable
   */
  public static Optional<YamlDocument> load(
      Path file, String displayName, Environment env, List<ConfigError> errors)
      throws UnreadableFileException {
    byte[] bytes = FileReading.read(file, displayName, MAX_BYTES);
    List<ConfigError> found = new ArrayList<>();
    Optional<YamlDocument> doc =
        TextDecoding.decode(bytes, displayName, MAX_BYTES, found)
            .flatMap(text -> parse(text, bytes, displayName, env, found));
    report(found, errors);
    return doc;
  }

  /**
   * Parses YAML text (as {@link #load} does after reading the file).
   *
   * @param displayName what error lines print as the file
   * @param errors receives every problem found, sorted
   */
  public static Optional<YamlDocument> parse(
      String text, String displayName, Environment env, List<ConfigError> errors) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<ConfigError> found = new ArrayList<>();
    Optional<YamlDocument> doc =
        TextDecoding.check(text, bytes.length, displayName, MAX_BYTES, found)
            .flatMap(checked -> parse(checked, bytes, displayName, env, found));
    report(found, errors);
    return doc;
  }

  private static Optional<YamlDocument> parse(
      String text, byte[] bytes, String file, Environment env, List<ConfigError> errors) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by YamlTreeBuilder, all at once
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_BYTES + 1);
    options.setAllowRecursiveKeys(false);
    Node node;
    try {
      node = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      errors.add(ConfigError.at(file, YamlProblems.location(e), "", YamlProblems.describe(e)));
      return Optional.empty();
    } catch (ReaderException e) {
      errors.add(TextDecoding.controlCharacter(file, text, e.getPosition(), e.getCodePoint()));
      return Optional.empty();
    } catch (YAMLException e) {
      errors.add(ConfigError.file(file, YamlProblems.describe(e)));
      return Optional.empty();
    } catch (RuntimeException | StackOverflowError e) {
      errors.add(ConfigError.file(file, "YAML error: the file could not be parsed"));
      return Optional.empty();
    }
    if (isEmpty(node)) {
      errors.add(ConfigError.file(file, "file is empty"));
      return Optional.empty();
    }
    YamlTreeBuilder tree = new YamlTreeBuilder(file, env, options, errors);
    return tree.build(node).map(root -> new YamlDocument(file, root, bytes, tree));
  }

  private static boolean isEmpty(Node node) {
    return node == null
        || (node instanceof ScalarNode s
            && s.getTag().equals(Tag.NULL)
            && s.isPlain()
            && s.getValue().isEmpty());
  }

  private static void report(List<ConfigError> found, List<ConfigError> errors) {
    found.stream().distinct().sorted().forEach(errors::add);
  }

  /** What error lines print as the file. */
  public String file() {
    return file;
  }

  /** The document as a Jackson tree. */
  public JsonNode root() {
    return root;
  }

  /** The raw content as read (a copy), e.g. for hashing the configuration. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Where the value at a JSON pointer starts; for a pointer that does not exist, where its nearest
   * existing ancestor starts.
   */
  public Location locate(String pointer) {
    String p = pointer;
    while (true) {
      Location found = values.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return Location.START;
      }
      p = JsonPointers.parent(p);
    }
  }

  /**
   * Where the key of the member at a JSON pointer is written (e.g. {@code /routes/0/mehtod} gives
   * the position of {@code mehtod}); falls back to {@link #locate} when the pointer is no member.
   */
  public Location locateKey(String pointer) {
    Location key = keys.get(pointer);
    return key != null ? key : locate(pointer);
  }

  /** Pointers of values whose {@code ${VAR}} substitution failed (already reported). */
  public Set<String> unresolved() {
    return unresolved;
  }

  /**
   * The text as written ({@code ${SLUICE_PORT:-8080}}) of a value made by substitution, so an error
   * about the value can name the variable to fix.
   */
  public Optional<String> substitutedFrom(String pointer) {
    return Optional.ofNullable(substituted.get(pointer));
  }

  /** Where the value at {@code pointer} is written, for errors found after parsing. */
  public Origin origin(String pointer) {
    Location loc = locate(pointer);
    return new Origin(file, loc.line(), loc.column(), pointer);
  }

  /** Every problem of this document against {@code schema}, sorted, one per offending value. */
  public List<ConfigError> validate(SchemaValidator schema) {
    return schema.validate(root, file, this::locate, this::locateKey, unresolved());
  }
}
