package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code console} blocks of a Markdown file (the README), read the way ReadmeIT runs them.
 *
 * <ul>
 *   <li>A command is a line that starts with {@code $ }; a line ending in {@code \} continues on
 *       the next. Its expected output is every line up to the next command or the block's end,
 *       without trailing blank lines.
 *   <li>In expected output, {@code …} matches any run of characters within a line (ids, timestamps,
 *       durations), and a line that is only {@code …} matches any number of lines.
 *   <li>A block opts out with {@code <!-- readme-test: skip (why) -->} on the line before its
 *       fence.
 * </ul>
 */
final class ConsoleBlocks {
  static final String ANY = "…";
  static final String SKIP = "<!-- readme-test: skip";

  /** One command, the line it starts on (1-based) and what it should print. */
  record Command(int line, String text, List<String> expected) {}

  /** One block: the line of its fence, whether it opted out, and its commands. */
  record Block(int line, boolean optedOut, List<Command> commands) {}

  private ConsoleBlocks() {}

  static List<Block> parse(List<String> markdown) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < markdown.size(); i++) {
      if (!markdown.get(i).strip().equals("```console")) {
        continue;
      }
      boolean optedOut = i > 0 && markdown.get(i - 1).strip().startsWith(SKIP);
      int fence = i + 1;
      List<Command> commands = new ArrayList<>();
      Command current = null;
      for (i++; i < markdown.size() && !markdown.get(i).strip().equals("```"); i++) {
        String line = markdown.get(i);
        if (line.startsWith("$ ")) {
          int start = i + 1;
          StringBuilder text = new StringBuilder(line.substring(2));
          while (text.toString().endsWith("\\") && i + 1 < markdown.size()) {
            text.setLength(text.length() - 1);
            text.append(' ').append(markdown.get(++i).strip());
          }
          current = new Command(start, text.toString(), new ArrayList<>());
          commands.add(current);
        } else if (current != null) {
          current.expected().add(line);
        }
      }
      blocks.add(
          new Block(
              fence,
              optedOut,
              commands.stream()
                  .map(c -> new Command(c.line(), c.text(), trimmed(c.expected())))
                  .toList()));
    }
    return blocks;
  }

  /** Lines without trailing whitespace (and carriage returns), trailing blank lines dropped. */
  static List<String> trimmed(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.replace("\r", "").stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** Whether {@code actual} matches {@code expected}, reading {@value #ANY} as above. */
  static boolean matches(List<String> expected, List<String> actual) {
    return matches(expected, 0, actual, 0);
  }

  private static boolean matches(List<String> exp, int e, List<String> act, int a) {
    if (e == exp.size()) {
      return a == act.size();
    }
    if (exp.get(e).equals(ANY)) {
      for (int skip = a; skip <= act.size(); skip++) {
        if (matches(exp, e + 1, act, skip)) {
          return true;
        }
      }
      return false;
    }
    return a < act.size()
        && line(exp.get(e)).matcher(act.get(a)).matches()
        && matches(exp, e + 1, act, a + 1);
  }

  private static Pattern line(String expected) {
    StringBuilder re = new StringBuilder();
    for (String part : expected.split(ANY, -1)) {
      if (!re.isEmpty()) {
        re.append(".*?");
      }
      re.append(Pattern.quote(part));
    }
    return Pattern.compile(re.toString());
  }

  /**
   * Why the test cannot run {@code command}, if it cannot: it runs {@code curl} (and {@code for}
   * loops of it) against localhost:8080, and {@code scripts/sluice}.
   */
  static Optional<String> unrunnable(String command) {
    String c = command.strip();
    if (c.startsWith("scripts/sluice ")) {
      return Optional.empty();
    }
    if ((c.startsWith("curl ") || c.startsWith("for ")) && c.contains("localhost:8080")) {
      return Optional.empty();
    }
    return Optional.of("runs neither curl against localhost:8080 nor scripts/sluice: " + c);
  }
}
