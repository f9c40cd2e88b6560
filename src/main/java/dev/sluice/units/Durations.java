package dev.sluice.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations ({@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}) and sizes ({@code
 * 512KiB}) of config files.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})(B|KiB|MiB|GiB)");

  private Durations() {}

  /** A duration as written in a config file; the schema has already checked its form. */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: \"" + text + "\" (use 250ms, 30s, 2m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** A size in bytes: a plain integer, or a number with B, KiB, MiB or GiB. */
  public static long size(String text) {
    String t = text.trim();
    if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
      return Long.parseLong(t);
    }
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: \"" + text + "\" (use 512B, 16KiB, 1MiB)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "B" -> n;
      case "KiB" -> n << 10;
      case "MiB" -> n << 20;
      default -> n << 30;
    };
  }

  /**
   * Formats a size the way config files write it, in the largest unit that holds it whole: {@code
   * 1MiB}, {@code 512KiB}, {@code 100B}.
   */
  public static String sizeText(long bytes) {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MiB";
    }
    if (bytes > 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KiB";
    }
    return bytes + "B";
  }

  /** Formats a duration the way config files write it (for the routes table and logs). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
