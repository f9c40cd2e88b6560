package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.schema.JsonPointers;
import dev.sluice.spec.ConfigError;
import dev.sluice.units.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One middleware's arguments while they are parsed: the (schema-checked) tree, where it is written,
 * and the error list. An error is reported at the exact value it is about ({@link #error}), its
 * message starting with the middleware's name, as the operator reads it next to the file.
 */
final class Args {
  private final YamlDocument doc;
  private final String name;
  private final String pointer;
  private final JsonNode node;
  private final BindingContext context;
  private final List<ConfigError> errors;
  private int reported;

  /**
   * @param pointer where the arguments are written (the bare name, for {@code - name})
   * @param node the arguments: an object, empty when none were given
   */
  Args(
      YamlDocument doc,
      String name,
      String pointer,
      JsonNode node,
      BindingContext context,
      List<ConfigError> errors) {
    this.doc = doc;
    this.name = name;
    this.pointer = pointer;
    this.node = node;
    this.context = context;
    this.errors = errors;
  }

  JsonNode node() {
    return node;
  }

  /** The argument {@code key}; a missing node when it is not written. */
  JsonNode get(String key) {
    return node.path(key);
  }

  /** Whether {@code key} is written with a value other than null. */
  boolean given(String key) {
    return node.hasNonNull(key);
  }

  BindingContext context() {
    return context;
  }

  /** The directory of the file the arguments are written in: relative paths resolve there. */
  Path dir() {
    return Path.of(doc.file()).toAbsolutePath().getParent();
  }

  /**
   * Reports {@code message} at the value {@code at} (keys and indexes below the arguments; none:
   * the arguments themselves), as {@code name: message}. An error about a value that came from a
   * {@code ${VAR}} says so, naming the variable (never its value).
   */
  void error(String message, Object... at) {
    List<Object> tokens = new ArrayList<>(JsonPointers.tokens(pointer));
    tokens.addAll(List.of(at));
    String where = JsonPointers.of(tokens);
    String from =
        doc.substitutedFrom(where).map(raw -> " (the value comes from " + raw + ")").orElse("");
    errors.add(doc.origin(where).error(name + ": " + message + from));
    reported++;
  }

  /** Where an error about {@code key} belongs: the key when it is written, else the arguments. */
  Object[] at(String key) {
    return node.has(key) ? new Object[] {key} : new Object[0];
  }

  /** Whether an error was reported for these arguments. */
  boolean failed() {
    return reported > 0;
  }

  /** The parsed arguments, unless an error was reported. */
  <T> Optional<T> result(Supplier<T> parsed) {
    return failed() ? Optional.empty() : Optional.of(parsed.get());
  }

  /** The texts of the list {@code key} (empty when it is not written). */
  List<String> texts(String key) {
    List<String> out = new ArrayList<>();
    get(key).forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The duration {@code value} (the schema checked its form), or {@code otherwise} when absent. */
  Duration duration(JsonNode value, Duration otherwise, Object... at) {
    if (value.isMissingNode() || value.isNull()) {
      return otherwise;
    }
    try {
      return Durations.duration(value.asText());
    } catch (IllegalArgumentException e) {
      error(e.getMessage(), at);
      return otherwise;
    }
  }
}
