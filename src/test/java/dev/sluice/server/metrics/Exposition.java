package dev.sluice.server.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition, read the way a test needs it: samples by name and labels. */
record Exposition(String text) {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  List<Sample> samples() {
    return text.lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(
            l -> {
              Matcher m = SAMPLE.matcher(l);
              if (!m.matches()) {
                throw new AssertionError("not a sample line: " + l);
              }
              Map<String, String> labels = new java.util.TreeMap<>();
              if (m.group(3) != null) {
                Matcher lm = LABEL.matcher(m.group(3));
                while (lm.find()) {
                  labels.put(lm.group(1), lm.group(2));
                }
              }
              return new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
            })
        .toList();
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  Optional<Double> value(String name, Map<String, String> labels) {
    List<Sample> found =
        samples().stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    if (found.size() > 1) {
      throw new AssertionError(found.size() + " samples match " + name + labels + ": " + found);
    }
    return found.stream().findFirst().map(Sample::value);
  }

  /** Every series: name and labels, without values. */
  Set<String> series() {
    Set<String> s = new TreeSet<>();
    samples().forEach(x -> s.add(x.name() + x.labels()));
    return s;
  }

  /** Every metric name. */
  Set<String> names() {
    Set<String> s = new TreeSet<>();
    samples().forEach(x -> s.add(x.name()));
    return s;
  }
}
