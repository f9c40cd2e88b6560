package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How ReadmeIT reads the README's console blocks and compares outputs. */
class ConsoleBlocksTest {
  @Test
  void commandsWithContinuationsAndTheirOutputs() {
    List<ConsoleBlocks.Block> blocks =
        ConsoleBlocks.parse(
            List.of(
                "text",
                "```console",
                "$ curl -s localhost:8080/a \\",
                "    -H 'X: y'",
                "line 1",
                "",
                "line 3",
                "",
                "$ scripts/sluice routes",
                "```",
                "<!-- readme-test: skip (needs docker) -->",
                "```console",
                "$ docker run sluice",
                "```",
                "```sh",
                "$ not a console block",
                "```"));
    assertThat(blocks.size(), is(2));
    ConsoleBlocks.Block first = blocks.get(0);
    assertThat(first.line(), is(2));
    assertThat(first.optedOut(), is(false));
    assertThat(first.commands().get(0).text(), is("curl -s localhost:8080/a  -H 'X: y'"));
    assertThat(first.commands().get(0).line(), is(3));
    assertThat(first.commands().get(0).expected(), is(List.of("line 1", "", "line 3")));
    assertThat(first.commands().get(1).expected(), is(List.of()));
    assertThat(blocks.get(1).optedOut(), is(true));
  }

  @Test
  void anEllipsisMatchesARunOfCharactersOrALineOfItselfAnyNumberOfLines() {
    assertThat(ConsoleBlocks.matches(List.of("id: …"), List.of("id: 01a2-3")), is(true));
    assertThat(ConsoleBlocks.matches(List.of("id: …"), List.of("id: ")), is(true));
    assertThat(ConsoleBlocks.matches(List.of("id: …!"), List.of("id: x")), is(false));
    assertThat(ConsoleBlocks.matches(List.of("a.b"), List.of("axb")), is(false)); // literal
    assertThat(ConsoleBlocks.matches(List.of("a", "…", "z"), List.of("a", "z")), is(true));
    assertThat(
        ConsoleBlocks.matches(List.of("a", "…", "z"), List.of("a", "b", "c", "z")), is(true));
    assertThat(ConsoleBlocks.matches(List.of("a", "…", "z"), List.of("a", "b")), is(false));
    assertThat(ConsoleBlocks.matches(List.of("a"), List.of("a", "b")), is(false));
    assertThat(ConsoleBlocks.matches(List.of("a", "b"), List.of("a")), is(false));
  }

  @Test
  void onlyCurlAgainstTheServerAndTheCliAreRun() {
    assertThat(ConsoleBlocks.unrunnable("curl -s localhost:8080/x").isEmpty(), is(true));
    assertThat(
        ConsoleBlocks.unrunnable("for i in 1 2; do curl localhost:8080/; done").isEmpty(),
        is(true));
    assertThat(ConsoleBlocks.unrunnable("scripts/sluice routes").isEmpty(), is(true));
    assertThat(ConsoleBlocks.unrunnable("curl -s example.com").isPresent(), is(true));
    assertThat(ConsoleBlocks.unrunnable("docker compose up").isPresent(), is(true));
    assertThat(
        ConsoleBlocks.unrunnable("SLUICE_TRACING=true scripts/run_dev.sh").isPresent(), is(true));
  }
}
