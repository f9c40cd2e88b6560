package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.net.Cidr;
import dev.sluice.spec.IpFilterArgs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpFilterArgsParserTest {
  @Test
  void listsAreParsedToCidrs() {
    IpFilterArgs a =
        ArgsFixture.bind("ip-filter: {allow: [10.0.0.0/8, '::1'], deny: [10.1.2.3]}")
            .as(IpFilterArgs.class);
    assertThat(a.allow(), is(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1"))));
    assertThat(a.deny(), is(List.of(Cidr.parse("10.1.2.3"))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          ip-filter               | 3:7: /stacks/s/0: ip-filter: give allow, deny or both, e.g. {allow: [10.0.0.0/8], deny: [10.1.2.3]}
          ip-filter: {}           | 3:18: /stacks/s/0/ip-filter: ip-filter: give allow, deny or both
          ip-filter: {deny: [10.0.0.0/8, db.local]} | 3:38: /stacks/s/0/ip-filter/deny/1: ip-filter: deny[1]: "db.local" is not a CIDR
          ip-filter: {allow: [10.1.2.3/8]} | 3:27: /stacks/s/0/ip-filter/allow/0: ip-filter: allow[0]: "10.1.2.3/8" has host bits set beyond the /8 prefix; did you mean 10.0.0.0/8?
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(startsWith(error)));
  }

  @Test
  void everyBadEntryIsReportedAtItsOwnPlace() {
    assertThat(
        ArgsFixture.bind("ip-filter: {allow: [nope, 10.0.0.0/8], deny: [also-not]}").errors(),
        contains(
            startsWith("3:27: /stacks/s/0/ip-filter/allow/0: ip-filter: allow[0]: \"nope\""),
            startsWith("3:53: /stacks/s/0/ip-filter/deny/0: ip-filter: deny[0]: \"also-not\"")));
  }
}
