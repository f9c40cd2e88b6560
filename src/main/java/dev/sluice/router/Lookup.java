package dev.sluice.router;

import java.util.Arrays;

/**
 * One lookup of a request in the trie: the raw path split at {@code /} into segments with every
 * percent-escape validated, and the search state.
 *
 * <p>Segment {@code i} spans {@code path[start(i), end(i))}. The root path {@code /} has no
 * segments; {@code /a/} has two, the second empty. A segment that holds an escape is decoded once,
 * up front, so that a malformed escape anywhere in the path is reported the same way whichever
 * route would have matched; {@code %2F} decodes to a {@code /} inside the segment's value.
 */
final class Lookup<T> {
  private static final int[] NO_SEGMENTS = new int[0];

  private final String method;
  private final String path;
  private final int count;
  private final int[] ends;
  private final String[] decoded;
  private final int lastEmpty;

  /** The methods of the nodes that matched the path but not the method, or null. */
  private MethodSet allowed;

  /**
   * Parses {@code rawPath}.
   *
   * @throws MalformedPathException if the path does not start with {@code /} or holds a malformed
   *     escape
   */
  Lookup(String method, String rawPath) {
    this.method = method;
    String path = rawPath.isEmpty() ? "/" : rawPath;
    if (path.charAt(0) != '/') {
      throw new MalformedPathException(rawPath, "does not start with \"/\"");
    }
    this.path = path;
    int length = path.length();
    int[] ends = NO_SEGMENTS;
    int count = 0;
    int lastEmpty = -1;
    boolean escaped = false;
    if (length > 1) {
      ends = new int[8];
      int start = 1;
      for (int i = 1; i <= length; i++) {
        char c = i < length ? path.charAt(i) : '/';
        if (c == '/') {
          if (count == ends.length) {
            ends = Arrays.copyOf(ends, count * 2);
          }
          if (i == start) {
            lastEmpty = count;
          }
          ends[count++] = i;
          start = i + 1;
        } else if (c == '%') {
          escaped = true;
        }
      }
    }
    String[] decoded = null;
    if (escaped) {
      decoded = new String[count];
      int percent = path.indexOf('%'); // only moves forward: linear in the path length
      for (int s = 0; s < count && percent >= 0; s++) {
        int from = s == 0 ? 1 : ends[s - 1] + 1;
        if (percent < ends[s]) {
          decoded[s] = PercentDecoder.decode(rawPath, path, from, ends[s]);
          percent = path.indexOf('%', ends[s]);
        }
      }
    }
    this.count = count;
    this.ends = ends;
    this.decoded = decoded;
    this.lastEmpty = lastEmpty;
  }

  /** Searches the trie below {@code root}. */
  RouteMatch<T> run(Node<T> root) {
    RouteMatch.Found<T> found = descend(root, 0);
    if (found != null) {
      return found;
    }
    return allowed != null ? new RouteMatch.MethodNotAllowed<>(allowed) : RouteMatch.notFound();
  }

  /** Matches segments {@code segment..count-1} below {@code node}. */
  private RouteMatch.Found<T> descend(Node<T> node, int segment) {
    if (segment == count) {
      return node.routes == null ? null : accept(node.routes);
    }
    Node<T> literal = literalChild(node, segment);
    if (literal != null) {
      RouteMatch.Found<T> found = descend(literal, segment + 1);
      if (found != null) {
        return found;
      }
    }
    if (node.param != null && start(segment) != ends[segment]) {
      RouteMatch.Found<T> found = descend(node.param, segment + 1);
      if (found != null) {
        return found;
      }
    }
    if (node.catchAll != null && lastEmpty < segment) {
      return accept(node.catchAll);
    }
    return null;
  }

  private Node<T> literalChild(Node<T> node, int segment) {
    String d = decoded == null ? null : decoded[segment];
    return d != null
        ? node.literals.get(d)
        : node.literals.get(path, start(segment), ends[segment]);
  }

  /** Accepts the table's route for the method, or remembers the table's methods. */
  private RouteMatch.Found<T> accept(MethodTable<T> table) {
    Endpoint<T> endpoint = table.find(method);
    if (endpoint == null) {
      allowed = allowed == null ? table.allowed : MethodSet.union(allowed, table.allowed);
      return null;
    }
    if (endpoint.constantMatch != null) {
      return endpoint.constantMatch;
    }
    int[] segments = endpoint.paramSegments;
    int n = segments.length;
    String[] values = new String[n];
    int single = endpoint.catchAll ? n - 1 : n;
    for (int i = 0; i < single; i++) {
      values[i] = value(segments[i]);
    }
    if (single < n) {
      values[single] = remainder(segments[single]);
    }
    return new RouteMatch.Found<>(endpoint.value, new PathParams(endpoint.paramNames, values));
  }

  private int start(int segment) {
    return segment == 0 ? 1 : ends[segment - 1] + 1;
  }

  /** The decoded value of one segment. */
  private String value(int segment) {
    String d = decoded == null ? null : decoded[segment];
    return d != null ? d : path.substring(start(segment), ends[segment]);
  }

  /** The decoded values of segments {@code from..count-1}, joined with {@code /}. */
  private String remainder(int from) {
    if (decoded == null) {
      return path.substring(start(from));
    }
    StringBuilder sb = new StringBuilder(path.length() - start(from));
    for (int s = from; s < count; s++) {
      if (s > from) {
        sb.append('/');
      }
      String d = decoded[s];
      if (d != null) {
        sb.append(d);
      } else {
        sb.append(path, start(s), ends[s]);
      }
    }
    return sb.toString();
  }
}
