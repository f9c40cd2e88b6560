package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 15: what {@code --help} says, and that it says it in whole sentences. */
class HelpTest {
  private static final Pattern VAR =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  @Test
  void theEnvironmentSectionListsEveryVariableOfTheShippedConfigWithItsDefault() throws Exception {
    List<String> inFile = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("config/gateway.yaml"))) {
      Matcher m = VAR.matcher(line.replaceAll("(^|\\s)#.*", "")); // not the comments' ${VAR}
      while (m.find()) {
        inFile.add(m.group(1) + "=" + (m.group(2) == null ? "" : m.group(2)));
      }
    }
    List<String> listed =
        EnvironmentHelp.SHIPPED_CONFIG.stream()
            .map(v -> v.name() + "=" + v.defaultValue())
            .toList();
    assertThat(listed, is(inFile));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "serve", "validate-config", "routes"})
  void everyHelpNamesTheVariablesInLinesOfAtMost80Columns(String command) {
    String help = help(command);
    assertThat(help, containsString("SLUICE_CONFIG"));
    for (EnvironmentHelp.Variable v : EnvironmentHelp.SHIPPED_CONFIG) {
      assertThat(help, containsString("  " + v.name() + " "));
    }
    for (String line : help.split("\\R")) {
      assertThat(line, line.length(), lessThanOrEqualTo(80));
    }
  }

  @Test
  void theCommandListGivesEachCommandsWholeSummary() {
    String help = help("");
    String list = help.substring(help.indexOf("Commands:") + 9, help.indexOf("Environment:"));
    List<String> entries = new ArrayList<>();
    for (String line : list.split("\\R")) {
      if (line.startsWith("  ") && !line.startsWith("   ")) {
        entries.add(line.strip());
      } else if (!line.isBlank()) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
      }
    }
    assertThat(entries.size(), is(4));
    for (String entry : entries) {
      assertThat(entry, endsWith(".")); // "…schemas, stacks, middleware," was cut off
    }
  }

  @Test
  void validateConfigsDescriptionIsWrappedNotBrokenByHand() {
    String help = help("validate-config");
    List<String> lines = List.of(help.split("\\R"));
    int first = 1; // after "Usage: …"
    int end = first;
    while (!lines.get(end).startsWith("  -")) {
      end++;
    }
    // every line of the paragraph but its last fills the width, near enough
    for (String line : lines.subList(first, end - 1)) {
      assertThat(line, line.length(), greaterThanOrEqualTo(66));
    }
    String checkSql =
        help.substring(help.indexOf("--check-sql  "), help.indexOf("--format=<format>  "));
    assertThat(checkSql.replaceAll("\\s+", " "), containsString("every statement (parameters"));
  }

  private static String help(String command) {
    CliRun r = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");
    assertThat(r.err(), r.code(), is(0));
    return r.out();
  }
}
