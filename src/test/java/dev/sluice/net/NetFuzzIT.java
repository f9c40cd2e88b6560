package dev.sluice.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.Fuzz;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * IP addresses and CIDRs on random input: an address parses or is empty, a CIDR parses or is
 * refused with {@link IllegalArgumentException}, nothing else is thrown; a random address printed
 * and parsed again is the same address, as the JDK reads it, and every CIDR of it contains it.
 */
@Tag("reliability")
class NetFuzzIT {
  private static final List<String> PIECES =
      List.of(
          "1",
          "0",
          "255",
          "256",
          "10",
          ".",
          ".",
          ":",
          "::",
          "/",
          "8",
          "32",
          "128",
          "-1",
          "a",
          "ff",
          "%eth0",
          "ffff",
          "1.2.3.4",
          " ",
          "[",
          "]",
          "0x1",
          "00",
          "999999999999");

  @Test
  void parsing() throws Exception {
    Fuzz.run(
        "ip-cidr",
        Fuzz.corpus("ip-cidr"),
        r -> Fuzz.pieces(r, PIECES, 10),
        1_000_000,
        text -> {
          IpAddress.parse(text);
          try {
            Cidr.parse(text);
          } catch (IllegalArgumentException e) {
            // refused with a message: the contract
          }
        });
  }

  @Test
  void roundTrips() throws Exception {
    Fuzz.run(
        "ip-round-trip",
        List.<byte[]>of(),
        r -> {
          byte[] b = new byte[r.nextBoolean() ? 4 : 16];
          r.nextBytes(b);
          return b;
        },
        1_000_000,
        b -> {
          InetAddress jdk = InetAddress.getByAddress(b);
          IpAddress a = IpAddress.of(jdk);
          assertThat(IpAddress.parse(a.toString()).orElseThrow(), is(a));
          assertThat(IpAddress.parse(jdk.getHostAddress()).orElseThrow(), is(a));
          int bits = b.length * 8;
          for (int prefix : new int[] {0, bits / 2, bits - 1, bits}) {
            Cidr c = Cidr.parse(a.prefix(prefix) + "/" + prefix);
            assertThat(c + " contains " + a, c.contains(a), is(true));
          }
        });
  }
}
