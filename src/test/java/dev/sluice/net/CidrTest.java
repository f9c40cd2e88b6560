package dev.sluice.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // IPv4
        "10.0.0.0/8|10.0.0.0|true",
        "10.0.0.0/8|10.255.255.255|true",
        "10.0.0.0/8|11.0.0.0|false",
        "10.0.0.0/8|9.255.255.255|false",
        "192.168.1.0/24|192.168.1.77|true",
        "192.168.1.0/24|192.168.2.1|false",
        "172.16.0.0/12|172.31.255.255|true",
        "172.16.0.0/12|172.32.0.0|false",
        "10.1.2.3|10.1.2.3|true",
        "10.1.2.3|10.1.2.4|false",
        "10.1.2.3/32|10.1.2.3|true",
        "0.0.0.0/0|203.0.113.9|true",
        "0.0.0.0/0|::1|false",
        "0.0.0.0/0|2001:db8::1|false",
        // IPv6
        "::1/128|::1|true",
        "::1/128|::2|false",
        "::1|::1|true",
        "::1/128|127.0.0.1|false",
        "2001:db8::/32|2001:db8:ffff::1|true",
        "2001:db8::/32|2001:db9::1|false",
        "2001:db8::/33|2001:db8:7fff::1|true",
        "2001:db8::/33|2001:db8:8000::1|false",
        "2001:db8:0:0:8000::/65|2001:db8::8000:0:0:1|true",
        "2001:db8::/65|2001:db8::8000:0:0:1|false",
        "fe80::/10|febf::1|true",
        "fe80::/10|fec0::1|false",
        "::/0|2001:db8::1|true",
        // IPv4-mapped IPv6
        "10.0.0.0/8|::ffff:10.9.8.7|true",
        "10.0.0.0/8|::ffff:0a09:0807|true",
        "10.0.0.0/8|::ffff:11.0.0.1|false",
        "10.0.0.0/8|::10.9.8.7|false",
        "::ffff:10.0.0.0/104|10.9.8.7|true",
        "::ffff:10.0.0.0/104|11.0.0.1|false",
        "::ffff:0:0/96|192.0.2.1|true",
        "::ffff:0:0/96|2001:db8::1|false",
        "::/0|192.0.2.1|true",
      })
  void contains(String cidr, String address, boolean expected) {
    assertThat(Cidr.parse(cidr).contains(IpAddress.parse(address).orElseThrow()), is(expected));
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/8|10.0.0.0/8|8",
        "10.1.2.3|10.1.2.3/32|32",
        "0.0.0.0/0|0.0.0.0/0|0",
        "::1|::1/128|128",
        "2001:DB8::/32|2001:db8::/32|32",
        "2001:0db8:0000::/48|2001:db8::/48|48",
        "::ffff:10.0.0.0/104|::ffff:10.0.0.0/104|104",
        "::/0|::/0|0",
      })
  void canonicalForm(String text, String canonical, int prefix) {
    Cidr c = Cidr.parse(text);
    assertThat(c.toString(), is(canonical));
    assertThat(c.prefixLength(), is(prefix));
    assertThat(Cidr.parse(canonical), is(c));
    assertThat(Cidr.parse(canonical).hashCode(), is(c.hashCode()));
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|an address is missing",
        "/8|an address is missing",
        "localhost|\"localhost\" is not an IP address",
        "proxy.internal/24|\"proxy.internal\" is not an IP address",
        "10.0.0/8|\"10.0.0\" is not an IP address",
        "10.0.0.256/32|\"10.0.0.256\" is not an IP address",
        "010.0.0.0/8|\"010.0.0.0\" is not an IP address",
        "2001:db8:::/32|\"2001:db8:::\" is not an IP address",
        "fe80::1%eth0/64|zone ids (%eth0) are not supported",
        "10.0.0.0/33|a number from 0 to 32 for IPv4",
        "10.0.0.0/-1|a number from 0 to 32 for IPv4",
        "10.0.0.0/|a number from 0 to 32 for IPv4",
        "10.0.0.0/8/8|a number from 0 to 32 for IPv4",
        "10.0.0.0/ 8|a number from 0 to 32 for IPv4",
        "::/129|a number from 0 to 128 for IPv6",
        "::/0128|a number from 0 to 128 for IPv6",
        "10.1.2.3/8|\"10.1.2.3/8\" has host bits set beyond the /8 prefix; did you mean 10.0.0.0/8?",
        "2001:db8::1/32|did you mean 2001:db8::/32?",
        "::ffff:10.1.0.0/104|did you mean ::ffff:10.0.0.0/104?",
      })
  void refusesWithAMessage(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertThat(e.getMessage(), containsString(message));
  }

  @Test
  void aHostNameIsRefusedNotResolved() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
    assertThat(e.getMessage(), containsString("host names are not looked up"));
  }
}
