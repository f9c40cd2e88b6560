package dev.sluice.router;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One route as stored in the trie: its value, its parameter names in template order, the index of
 * the segment each parameter stands at (a catch-all's is where its segments start), and whether the
 * last parameter is a catch-all.
 */
final class Endpoint<T> {
  final T value;
  final String[] paramNames;
  final int[] paramSegments;
  final boolean catchAll;

  /** The prebuilt result for a route without parameters, shared by every match. */
  final RouteMatch.Found<T> constantMatch;

  Endpoint(T value, PathTemplate template) {
    this.value = value;
    this.paramNames = template.parameterNames().toArray(new String[0]);
    this.catchAll = template.hasCatchAll();
    List<Segment> segments = template.segments();
    this.paramSegments =
        IntStream.range(0, segments.size())
            .filter(i -> !(segments.get(i) instanceof Segment.Literal))
            .toArray();
    this.constantMatch =
        paramNames.length == 0 ? new RouteMatch.Found<>(value, PathParams.EMPTY) : null;
  }
}
