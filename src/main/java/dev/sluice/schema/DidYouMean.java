package dev.sluice.schema;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the candidate closest to a misspelt input.
 *
 * <p>Distance is the optimal-string-alignment form of Damerau-Levenshtein (an adjacent swap costs
 * one edit), compared case-insensitively. A candidate is accepted when its distance is at most
 * {@code max(1, length / 3)}, capped at 3, where length is the input's length in code points. The
 * closest candidate wins; ties go to the first in the collection's iteration order.
 *
 * <p>When no candidate is that close, a candidate related by prefix is accepted: one of at least
 * {@value #MIN_PREFIX} code points that the input starts with ({@code "many_rows"} gives {@code
 * "many"}), or one that starts with an input of at least {@value #MIN_PREFIX} code points ({@code
 * "DEL"} gives {@code "DELETE"}). The one whose length is closest to the input's wins, ties going
 * to the first.
 */
public final class DidYouMean {

  private static final int MAX_DISTANCE = 3;
  private static final int MIN_PREFIX = 3;

  private DidYouMean() {}

  /** The best suggestion for {@code input}, if any candidate is close enough. */
  public static Optional<String> suggest(String input, Collection<String> candidates) {
    int[] in = lower(input);
    int limit = Math.min(MAX_DISTANCE, Math.max(1, in.length / 3));
    String best = null;
    int bestDistance = limit + 1;
    for (String candidate : candidates) {
      int[] c = lower(candidate);
      if (Math.abs(c.length - in.length) >= bestDistance) {
        continue;
      }
      int d = distance(in, c);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null ? Optional.of(best) : byPrefix(input, candidates);
  }

  private static Optional<String> byPrefix(String input, Collection<String> candidates) {
    String in = input.toLowerCase(Locale.ROOT);
    int inLength = in.codePointCount(0, in.length());
    String best = null;
    int bestGap = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String c = candidate.toLowerCase(Locale.ROOT);
      int length = c.codePointCount(0, c.length());
      boolean related =
          (length >= MIN_PREFIX && in.startsWith(c))
              || (inLength >= MIN_PREFIX && c.startsWith(in));
      int gap = Math.abs(length - inLength);
      if (related && gap < bestGap) {
        best = candidate;
        bestGap = gap;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int[] lower(String s) {
    return s.toLowerCase(Locale.ROOT).codePoints().toArray();
  }

  /** Optimal string alignment distance. */
  static int distance(int[] a, int[] b) {
    int[][] d = new int[a.length + 1][b.length + 1];
    for (int i = 0; i <= a.length; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      for (int j = 1; j <= b.length; j++) {
        int cost = a[i - 1] == b[j - 1] ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length][b.length];
  }
}
