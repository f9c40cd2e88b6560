package dev.sluice.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.testing.FuzzRuns;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * IP addresses and CIDRs on any input: an address parses or is empty, a CIDR parses or is refused
 * with {@link IllegalArgumentException}; nothing else is thrown. An input is the text's UTF-8
 * bytes.
 */
@ExtendWith(FuzzRuns.class)
class IpCidrFuzzTest {
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "0",
    "255",
    "256",
    ".",
    ":",
    "::",
    "/",
    "/8",
    "/32",
    "/128",
    "-1",
    "ff",
    "%eth0",
    "ffff",
    "1.2.3.4",
    "::ffff:",
    " ",
    "[",
    "]",
    "0x1",
    "00",
    "999999999999"
  })
  @FuzzTest(maxDuration = "10s")
  void parsing(FuzzedDataProvider data) {
    FuzzRuns.count();
    String text = FuzzRuns.text(data);
    IpAddress.parse(text);
    try {
      Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      // refused with a message: the contract
    }
  }
}
