package dev.sluice.bind.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.schema.JsonPointers;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Converts a composed SnakeYAML node tree into a Jackson tree, recording where every value and key
 * is written, substituting {@code ${VAR}} references and collecting problems instead of throwing.
 *
 * <p>Scalars keep SnakeYAML's YAML 1.1 resolution: {@code yes/no/on/off} are booleans, {@code 0777}
 * is octal, {@code 1_000} is 1000. Merge keys ({@code <<: *defaults}) are applied; explicit keys
 * win over merged ones and earlier merge sources over later ones.
 */
final class YamlTreeBuilder {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_VALUES = 1_000_000;
  private static final int MAX_DEPTH = 200;

  private final String file;
  private final Environment env;
  private final List<ConfigError> errors;
  private final Resolver resolver = new Resolver();
  private final ScalarConstructor constructor;
  private final Map<String, Location> values = new HashMap<>();
  private final Map<String, Location> keys = new HashMap<>();
  private final Set<String> unresolved = new HashSet<>();
  private final Map<String, String> substituted = new HashMap<>();
  private final Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
  private int count;

  /** Thrown to stop converting a document that expands beyond the limits. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  YamlTreeBuilder(String file, Environment env, LoaderOptions options, List<ConfigError> errors) {
    this.file = file;
    this.env = env;
    this.errors = errors;
    this.constructor = new ScalarConstructor(options);
  }

  /** The tree, or empty when the document expands beyond the limits (an error is added). */
  Optional<JsonNode> build(Node root) {
    try {
      return Optional.of(convert(root, "", 0));
    } catch (TooLarge e) {
      errors.add(ConfigError.at(file, location(root), "", e.getMessage()));
      return Optional.empty();
    }
  }

  Map<String, Location> values() {
    return values;
  }

  Map<String, Location> keys() {
    return keys;
  }

  Set<String> unresolved() {
    return unresolved;
  }

  /**
   * Pointer → the text as written ({@code ${SLUICE_PORT:-8080}}) of values made by substitution.
   */
  Map<String, String> substituted() {
    return substituted;
  }

  private JsonNode convert(Node node, String pointer, int depth) {
    if (++count > MAX_VALUES) {
      throw new TooLarge(
          "document is too large after expanding aliases (more than " + MAX_VALUES + " values)");
    }
    if (depth > MAX_DEPTH) {
      throw new TooLarge("nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    values.put(pointer, location(node));
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar, pointer);
    }
    if (!onPath.add(node)) {
      String anchor = node.getAnchor() == null ? "" : " \"&" + node.getAnchor() + "\"";
      error(
          node, pointer, "alias to anchor" + anchor + " refers to itself, which is not supported");
      return JSON.nullNode();
    }
    try {
      if (node instanceof SequenceNode sequence) {
        ArrayNode array = JSON.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          array.add(convert(items.get(i), JsonPointers.child(pointer, i), depth + 1));
        }
        return array;
      }
      return mapping((MappingNode) node, pointer, depth);
    } finally {
      onPath.remove(node);
    }
  }

  private JsonNode mapping(MappingNode node, String pointer, int depth) {
    ObjectNode object = JSON.objectNode();
    Map<String, Location> seen = new HashMap<>();
    List<Node> merges = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        merges.add(tuple.getValueNode());
        continue;
      }
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        String kind = keyNode.getNodeId() == NodeId.sequence ? "a list" : "a mapping";
        error(keyNode, pointer, "a key must be a plain value, not " + kind);
        continue;
      }
      String key = scalarKey.getValue();
      String child = JsonPointers.child(pointer, key);
      Location keyLocation = location(keyNode);
      Location first = seen.putIfAbsent(key, keyLocation);
      if (first != null) {
        errors.add(
            ConfigError.at(
                file,
                keyLocation,
                child,
                "duplicate key \"" + key + "\" (first at line " + first.line() + ")"));
        continue;
      }
      keys.put(child, keyLocation);
      object.set(key, convert(tuple.getValueNode(), child, depth + 1));
    }
    for (Node source : merges) {
      merge(object, seen, source, pointer, depth);
    }
    return object;
  }

  /** Adds the members of a merge source ({@code <<}) that the mapping does not have yet. */
  private void merge(
      ObjectNode object, Map<String, Location> seen, Node source, String pointer, int depth) {
    if (source instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if (item instanceof MappingNode) {
          merge(object, seen, item, pointer, depth);
        } else {
          error(item, pointer, "\"<<\" merges mappings only, not " + kind(item));
        }
      }
      return;
    }
    if (!(source instanceof MappingNode mapping)) {
      error(source, pointer, "\"<<\" must be followed by a mapping or a list of mappings");
      return;
    }
    if (!onPath.add(mapping)) {
      error(source, pointer, "\"<<\" merges a mapping into itself, which is not supported");
      return;
    }
    try {
      List<Node> nested = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode.getTag().equals(Tag.MERGE)) {
          nested.add(tuple.getValueNode());
        } else if (keyNode instanceof ScalarNode scalarKey) {
          String key = scalarKey.getValue();
          if (seen.putIfAbsent(key, location(keyNode)) == null) {
            String child = JsonPointers.child(pointer, key);
            keys.put(child, location(keyNode));
            object.set(key, convert(tuple.getValueNode(), child, depth + 1));
          }
        }
      }
      for (Node n : nested) {
        merge(object, seen, n, pointer, depth);
      }
    } finally {
      onPath.remove(mapping);
    }
  }

  private JsonNode scalar(ScalarNode node, String pointer) {
    String raw = node.getValue();
    if (!Substitution.mayContainReferences(raw)) {
      return construct(node);
    }
    Substitution.Result result = Substitution.apply(raw, env);
    if (!result.problems().isEmpty()) {
      for (String problem : result.problems()) {
        error(node, pointer, problem);
      }
      unresolved.add(pointer);
      return JSON.textNode(result.value());
    }
    substituted.put(pointer, raw);
    Tag tag = node.getTag();
    if (node.isPlain() && !explicitlyTagged(node)) {
      tag = resolver.resolve(NodeId.scalar, result.value(), true);
    }
    return construct(
        new ScalarNode(
            tag, result.value(), node.getStartMark(), node.getEndMark(), node.getScalarStyle()));
  }

  /** The scalar as a JSON value, by its resolved tag; unknown tags and timestamps stay text. */
  private JsonNode construct(ScalarNode node) {
    Tag tag = node.getTag();
    try {
      if (tag.equals(Tag.NULL)) {
        return JSON.nullNode();
      }
      if (tag.equals(Tag.BOOL)) {
        return JSON.booleanNode((Boolean) constructor.construct(node));
      }
      if (tag.equals(Tag.INT)) {
        Object n = constructor.construct(node);
        if (n instanceof Integer i) {
          return JSON.numberNode(i);
        }
        if (n instanceof Long l) {
          return JSON.numberNode(l);
        }
        return JSON.numberNode((BigInteger) n);
      }
      if (tag.equals(Tag.FLOAT)) {
        return JSON.numberNode(((Number) constructor.construct(node)).doubleValue());
      }
    } catch (RuntimeException e) {
      // An explicit tag on a value that does not fit it, e.g. "!!int x": keep the text and let
      // the schema say what it expects.
    }
    return JSON.textNode(node.getValue());
  }

  /** Whether the scalar carries an explicit tag such as {@code !!str}, possibly after an anchor. */
  private static boolean explicitlyTagged(ScalarNode node) {
    Mark mark = node.getStartMark();
    int[] buffer = mark.getBuffer();
    if (buffer == null) {
      return false;
    }
    int i = mark.getPointer();
    if (i < buffer.length && buffer[i] == '&') {
      while (i < buffer.length && !Character.isWhitespace(buffer[i])) {
        i++;
      }
      while (i < buffer.length && Character.isWhitespace(buffer[i])) {
        i++;
      }
    }
    return i < buffer.length && buffer[i] == '!';
  }

  private static String kind(Node node) {
    return switch (node.getNodeId()) {
      case sequence -> "a list";
      case mapping -> "a mapping";
      default -> "a plain value";
    };
  }

  private void error(Node node, String pointer, String message) {
    errors.add(ConfigError.at(file, location(node), pointer, message));
  }

  private static Location location(Node node) {
    return YamlProblems.location(node.getStartMark());
  }

  /** Exposes SnakeYAML's own scalar construction (ints, floats, YAML 1.1 booleans). */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor(LoaderOptions options) {
      super(options);
    }

    Object construct(ScalarNode node) {
      return constructObject(node);
    }
  }
}
