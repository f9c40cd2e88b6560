package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps {@code oneOf}/{@code anyOf} failures readable: instead of the errors of every alternative
 * and a vague "must match exactly one schema", it reports the errors of the alternative the value
 * most likely meant, or one combined sentence when no alternative fits the value's type.
 *
 * <p>The most likely alternative is the one whose errors (relative to the value the combinator
 * applies to), compared in this order, are smallest: a wrong type of the value itself; a wrong
 * {@code const}/{@code enum} value on the value or one of its direct members (a discriminator); the
 * number of missing and unknown keys; the number of errors. Ties go to the first alternative.
 * Nested combinators inside the chosen alternative are treated the same way.
 */
final class AlternativeSelector {

  private final ViolationMessages messages;

  AlternativeSelector(ViolationMessages messages) {
    this.messages = messages;
  }

  /** The findings for all errors of one validation. */
  List<Finding> select(List<Violation> violations) {
    return reduce(violations, 0);
  }

  private static final class Group {
    final String instance;
    final int next;
    Optional<Violation> own = Optional.empty();
    final Map<Integer, List<Violation>> branches = new TreeMap<>();

    Group(Violation.Combinator c) {
      this.instance = c.instance();
      this.next = c.next();
    }
  }

  private List<Finding> reduce(List<Violation> violations, int from) {
    List<Finding> out = new ArrayList<>();
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Violation v : violations) {
      Optional<Violation.Combinator> found = v.combinator(from);
      if (found.isEmpty()) {
        out.addAll(messages.translate(v));
        continue;
      }
      Violation.Combinator c = found.get();
      Group group = groups.computeIfAbsent(c.key(), k -> new Group(c));
      if (c.branch() < 0) {
        group.own = Optional.of(v);
      } else {
        group.branches.computeIfAbsent(c.branch(), b -> new ArrayList<>()).add(v);
      }
    }
    for (Group group : groups.values()) {
      out.addAll(resolve(group));
    }
    return out;
  }

  private List<Finding> resolve(Group group) {
    boolean ambiguous = group.own.map(AlternativeSelector::isAmbiguous).orElse(false);
    if (ambiguous || group.branches.isEmpty()) {
      return group.own.map(messages::translate).orElse(List.of());
    }
    Optional<Finding> combined = wrongKind(group).or(() -> missingKeys(group));
    if (combined.isPresent()) {
      return List.of(combined.get());
    }
    List<Violation> best =
        group.branches.values().stream()
            .min(Comparator.comparing((List<Violation> b) -> score(group, b)))
            .orElseThrow();
    return reduce(best, group.next);
  }

  private static boolean isAmbiguous(Violation own) {
    return own.keyword().equals("oneOf") && ViolationMessages.validCount(own) > 1;
  }

  /**
   * When every alternative rejects the value itself for its type or value ({@code type}, {@code
   * const}, {@code enum}), one sentence lists what would have been accepted.
   */
  private Optional<Finding> wrongKind(Group group) {
    Set<String> expected = new LinkedHashSet<>();
    List<String> words = new ArrayList<>();
    JsonNode value = null;
    for (List<Violation> branch : group.branches.values()) {
      Optional<Violation> kind =
          branch.stream()
              .filter(v -> v.pointer().equals(group.instance))
              .filter(v -> Set.of("type", "const", "enum").contains(v.keyword()))
              .findFirst();
      if (kind.isEmpty()) {
        return Optional.empty();
      }
      Violation v = kind.get();
      value = v.instance();
      switch (v.keyword()) {
        case "type" -> expected.addAll(ViolationMessages.types(v.schemaValue()));
        case "const" -> {
          expected.add(Values.brief(v.schemaValue()));
          if (v.schemaValue().isTextual()) {
            words.add(v.schemaValue().textValue());
          }
        }
        default -> {
          expected.add("one of " + Values.list(v.schemaValue()));
          words.addAll(Values.strings(v.schemaValue()));
        }
      }
    }
    String message =
        ViolationMessages.expected(new ArrayList<>(expected), value)
            + ViolationMessages.suggestion(value, words);
    return Optional.of(Finding.value(group.instance, message));
  }

  /** When every alternative only misses keys, one sentence names the keys of each. */
  private static Optional<Finding> missingKeys(Group group) {
    List<String> alternatives = new ArrayList<>();
    for (List<Violation> branch : group.branches.values()) {
      List<String> keys = new ArrayList<>();
      for (Violation v : branch) {
        if (!v.keyword().equals("required") || !v.pointer().equals(group.instance)) {
          return Optional.empty();
        }
        keys.add("\"" + v.property().orElse("?") + "\"");
      }
      alternatives.add(Values.alternatives(keys, "and"));
    }
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(alternatives));
    String noun = distinct.size() == 1 && distinct.get(0).contains(" and ") ? "keys " : "key ";
    return Optional.of(
        Finding.value(
            group.instance, "missing required " + noun + Values.alternatives(distinct, "or")));
  }

  private record Score(int wrongType, int wrongDiscriminator, int structural, int total)
      implements Comparable<Score> {
    private static final Comparator<Score> ORDER =
        Comparator.comparingInt(Score::wrongType)
            .thenComparingInt(Score::wrongDiscriminator)
            .thenComparingInt(Score::structural)
            .thenComparingInt(Score::total);

    @Override
    public int compareTo(Score other) {
      return ORDER.compare(this, other);
    }
  }

  private static Score score(Group group, List<Violation> branch) {
    int base = JsonPointers.tokens(group.instance).size();
    int wrongType = 0;
    int discriminator = 0;
    int structural = 0;
    for (Violation v : branch) {
      int depth = v.depth() - base;
      switch (v.keyword()) {
        case "type" -> wrongType |= depth == 0 ? 1 : 0;
        case "const", "enum" -> discriminator |= depth <= 1 ? 1 : 0;
        case "required", "additionalProperties", "unevaluatedProperties", "dependentRequired" ->
            structural += depth == 0 ? 1 : 0;
        default -> {}
      }
    }
    return new Score(wrongType, discriminator, structural, branch.size());
  }
}
