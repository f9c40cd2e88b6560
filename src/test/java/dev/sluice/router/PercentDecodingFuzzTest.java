package dev.sluice.router;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.testing.FuzzRuns;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Percent-decoding on any input: decodes, or refuses with {@link MalformedPathException}; nothing
 * else is thrown. An input is the path's UTF-8 bytes.
 */
@ExtendWith(FuzzRuns.class)
class PercentDecodingFuzzTest {
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({"%", "%2F", "%zz", "%e2%82%ac", "%C3", "%00", "%ED%A0%80", "/", "+"})
  @FuzzTest(maxDuration = "10s")
  void percentDecoding(FuzzedDataProvider data) {
    FuzzRuns.count();
    String raw = FuzzRuns.text(data);
    try {
      PercentDecoder.decode(raw, raw, 0, raw.length());
    } catch (MalformedPathException e) {
      // refused: the contract
    }
  }
}
