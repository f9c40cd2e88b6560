package dev.sluice.bind.yaml;

import dev.sluice.spec.Location;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Turns SnakeYAML's exceptions into one sentence for the operator. */
final class YamlProblems {

  private static final String SYNTAX = "YAML syntax error: ";

  private static final Pattern CANNOT_START =
      Pattern.compile("found character '(.+?)' that cannot start any token.*", Pattern.DOTALL);
  private static final Pattern UNKNOWN_ESCAPE =
      Pattern.compile("found unknown escape character (.+?)\\(\\d+\\)");
  private static final Pattern EXPECTED_BLOCK_END =
      Pattern.compile("expected '?<block end>'?, but found '?(.+?)'?");
  private static final Pattern EXPECTED_CLOSING =
      Pattern.compile("expected ',' or '(.)', but (?:got|found) '?(.+?)'?");
  private static final Pattern EXPECTED_DOCUMENT_START =
      Pattern.compile("expected '?<document start>'?, but found '?(.+?)'?");
  private static final Set<String> BLOCK_TOKENS =
      Set.of(
          "<block mapping start>",
          "<block sequence start>",
          "<block entry>",
          "<scalar>",
          "<key>",
          "?",
          "-");
  private static final Pattern TOKEN = Pattern.compile("'?(<[a-z ]+>)'?");

  private static final Map<String, String> TOKENS =
      Map.ofEntries(
          Map.entry("<block end>", "end of the block"),
          Map.entry("<block mapping start>", "key"),
          Map.entry("<block sequence start>", "list"),
          Map.entry("<block entry>", "list item"),
          Map.entry("<flow mapping start>", "'{'"),
          Map.entry("<flow sequence start>", "'['"),
          Map.entry("<flow mapping end>", "'}'"),
          Map.entry("<flow sequence end>", "']'"),
          Map.entry("<flow entry>", "','"),
          Map.entry("<scalar>", "value"),
          Map.entry("<stream end>", "end of the file"),
          Map.entry("<document start>", "'---'"),
          Map.entry("<document end>", "'...'"),
          Map.entry("<anchor>", "anchor"),
          Map.entry("<alias>", "alias"),
          Map.entry("<tag>", "tag"),
          Map.entry("<key>", "key"),
          Map.entry("<value>", "':'"),
          Map.entry("?", "key"),
          Map.entry("-", "list item"));

  private YamlProblems() {}

  /** Where the problem is: the problem mark, else the context mark, else the start. */
  static Location location(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    return mark == null ? Location.START : location(mark);
  }

  static Location location(Mark mark) {
    return new Location(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** A sentence describing a syntax error. */
  static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    String context = e.getContext() == null ? "" : e.getContext().strip();
    if (context.startsWith("expected a single document")) {
      return "the file holds more than one YAML document (a second one starts here); only one is"
          + " allowed";
    }
    if (problem.startsWith("found undefined alias ")) {
      String name = problem.substring("found undefined alias ".length()).strip();
      return "alias \"*" + name + "\" refers to no anchor \"&" + name + "\" defined before it";
    }
    if (problem.contains("\\t(TAB)")) {
      return SYNTAX + "tabs are not allowed for indentation; use spaces";
    }
    Matcher m = CANNOT_START.matcher(problem);
    if (m.matches()) {
      return SYNTAX
          + "a plain value cannot start with '"
          + m.group(1)
          + "'; put the value in quotes";
    }
    m = UNKNOWN_ESCAPE.matcher(problem);
    if (m.matches()) {
      return SYNTAX
          + "unknown escape \"\\"
          + m.group(1)
          + "\" in a double-quoted string; use"
          + " single quotes to keep backslashes as they are";
    }
    if (problem.equals("found unexpected end of stream") && context.contains("quoted scalar")) {
      return SYNTAX + "unterminated quoted string" + startedAt(e);
    }
    m = EXPECTED_BLOCK_END.matcher(problem);
    if (m.matches()) {
      String hint = BLOCK_TOKENS.contains(m.group(1)) ? "; check the indentation" : "";
      return SYNTAX + "unexpected " + token(m.group(1)) + hint + inside(context, e);
    }
    m = EXPECTED_DOCUMENT_START.matcher(problem);
    if (m.matches()) {
      return SYNTAX + "unexpected " + token(m.group(1)) + " after the end of the document";
    }
    m = EXPECTED_CLOSING.matcher(problem);
    if (m.matches()) {
      String what = m.group(1).equals("]") ? "list" : "mapping";
      String found = m.group(2).equals("<stream end>") ? "" : "; found " + token(m.group(2));
      if (m.group(2).equals("{")) {
        found += " (to use ${...} inside [...] or {...}, put the value in quotes)";
      }
      return SYNTAX + "missing '" + m.group(1) + "' to close the " + what + startedAt(e) + found;
    }
    String text = humanize(problem.isEmpty() ? "malformed document" : problem);
    return SYNTAX + text + (context.isEmpty() ? "" : " (" + context + startedAt(e) + ")");
  }

  /** A sentence for a SnakeYAML failure that has no position. */
  static String describe(YAMLException e) {
    String message = Optional.ofNullable(e.getMessage()).orElse("");
    if (message.contains("aliases")) {
      return "too many aliases to lists or mappings (at most "
          + YamlDocument.MAX_ALIASES
          + " are allowed)";
    }
    if (message.contains("Nesting Depth")) {
      return "nested too deeply (at most " + YamlDocument.MAX_NESTING + " levels are allowed)";
    }
    if (message.contains("exceeds the limit")) {
      return "file is too large (at most "
          + YamlDocument.MAX_BYTES / (1024 * 1024)
          + " MiB are allowed)";
    }
    if (message.contains("Recursive key")) {
      return "a mapping key refers to itself through an alias";
    }
    return "YAML error: the file could not be parsed";
  }

  private static String humanize(String problem) {
    Matcher m = TOKEN.matcher(problem);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement = TOKENS.getOrDefault(m.group(1), m.group());
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String token(String raw) {
    return TOKENS.getOrDefault(raw, "'" + raw + "'");
  }

  private static String inside(String context, MarkedYAMLException e) {
    String what =
        context.contains("mapping") ? "mapping" : context.contains("collection") ? "list" : "";
    if (what.isEmpty() || e.getContextMark() == null) {
      return "";
    }
    return " (the enclosing " + what + startedAt(e).replace(" that starts", " starts") + ")";
  }

  private static String startedAt(MarkedYAMLException e) {
    Mark mark = e.getContextMark();
    if (mark == null) {
      return "";
    }
    Location l = location(mark);
    return " that starts at line " + l.line() + ", column " + l.column();
  }
}
