package dev.sluice.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.testing.FuzzRuns;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any IPv4 or IPv6 address printed and parsed again is the same address, as the JDK reads it, and
 * every CIDR of it (prefix 0, half, all but one bit, all) contains it. An input is the address's
 * bytes (4 when the last byte is odd, else 16; zeros when short).
 */
@ExtendWith(FuzzRuns.class)
class IpRoundTripFuzzTest {
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "10s")
  void roundTrips(FuzzedDataProvider data) throws UnknownHostException {
    FuzzRuns.count();
    int length = data.consumeBoolean() ? 4 : 16;
    byte[] b = Arrays.copyOf(data.consumeBytes(length), length);
    InetAddress jdk = InetAddress.getByAddress(b);
    IpAddress a = IpAddress.of(jdk);
    assertThat(IpAddress.parse(a.toString()).orElseThrow(), is(a));
    assertThat(IpAddress.parse(jdk.getHostAddress()).orElseThrow(), is(a));
    int bits = jdk.getAddress().length * 8; // 16 bytes of ::ffff:a.b.c.d are IPv4 to the JDK
    for (int prefix : new int[] {0, bits / 2, bits - 1, bits}) {
      Cidr c = Cidr.parse(a.prefix(prefix) + "/" + prefix);
      assertThat(c + " contains " + a, c.contains(a), is(true));
    }
  }
}
