package dev.sluice.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0|0.0.0.0",
        "10.1.2.3|10.1.2.3",
        "255.255.255.255|255.255.255.255",
        "::|::",
        "::1|::1",
        "0:0:0:0:0:0:0:1|::1",
        "2001:DB8::1|2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
        "fe80::|fe80::",
        "1::|1::",
        "1:2:3:4:5:6:7::|1:2:3:4:5:6:7:0",
        "::ffff:1.2.3.4|1.2.3.4",
        "::ffff:0102:0304|1.2.3.4",
        "::1.2.3.4|::102:304",
        "64:ff9b::192.0.2.33|64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4|1:2:3:4:5:6:102:304",
      })
  void parsesAndWritesCanonically(String text, String canonical) {
    assertThat(IpAddress.parse(text).orElseThrow().toString(), is(canonical));
  }

  @ParameterizedTest(name = "\"{0}\" is no IP literal")
  @ValueSource(
      strings = {
        "",
        "1",
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.-4",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1..2.3",
        "1.2.3.",
        "0x7f.0.0.1",
        ":",
        ":::",
        "1:2",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:",
        ":1",
        "fe80::1%eth0",
        "::1.2.3",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "g::1",
        "[::1]",
      })
  void refusesWhatIsNoLiteral(String text) {
    assertThat(IpAddress.parse(text), is(Optional.empty()));
  }

  @ParameterizedTest(name = "socket address {0}")
  @CsvSource(
      delimiter = '|',
      value = {"127.0.0.1|127.0.0.1", "::1|::1", "2001:db8::ff|2001:db8::ff"})
  void fromSocketAddresses(String literal, String canonical) throws Exception {
    // getByName on a literal parses it; no lookup happens
    assertThat(IpAddress.of(InetAddress.getByName(literal)).toString(), is(canonical));
  }

  @ParameterizedTest(name = "{0} is IPv4: {1}")
  @CsvSource(
      delimiter = '|',
      value = {"1.2.3.4|true", "::ffff:1.2.3.4|true", "::1|false", "::1.2.3.4|false"})
  void ipv4AndMapped(String text, boolean ipv4) {
    assertThat(IpAddress.parse(text).orElseThrow().isIpv4(), is(ipv4));
  }
}
