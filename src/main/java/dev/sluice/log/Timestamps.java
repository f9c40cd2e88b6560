package dev.sluice.log;

import java.time.Instant;

/**
 * ISO-8601 UTC timestamps with milliseconds ({@code 2026-11-26T04:48:24.123Z}) for log lines. The
 * part up to the second is formatted once per second and reused, so a busy access log does not
 * format a date per line.
 */
final class Timestamps {
  private record Second(long epochSecond, String prefix) {}

  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private Timestamps() {}

  static void append(StringBuilder b, long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    int millis = Math.floorMod(epochMillis, 1000);
    Second s = last;
    if (s.epochSecond() != second) {
      String full = Instant.ofEpochSecond(second).toString(); // "…T04:48:24Z"
      s = new Second(second, full.substring(0, full.length() - 1) + '.');
      last = s;
    }
    b.append(s.prefix());
    if (millis < 100) {
      b.append(millis < 10 ? "00" : "0");
    }
    b.append(millis).append('Z');
  }
}
