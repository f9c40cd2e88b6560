package dev.sluice.router;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;

/** An immutable set of HTTP method names that iterates in ascending (sorted) order. */
final class MethodSet extends AbstractSet<String> {
  private final String[] sorted;

  private MethodSet(String[] sorted) {
    this.sorted = sorted;
  }

  /** Returns {@code methods} itself if it already is a {@code MethodSet}, else a sorted copy. */
  static MethodSet copyOf(Collection<String> methods) {
    if (methods instanceof MethodSet set) {
      return set;
    }
    TreeSet<String> tree = new TreeSet<>();
    for (String method : methods) {
      tree.add(Objects.requireNonNull(method, "method"));
    }
    return new MethodSet(tree.toArray(new String[0]));
  }

  /** The union of two sets. */
  static MethodSet union(MethodSet a, MethodSet b) {
    if (a.containsAll(b)) {
      return a;
    }
    if (b.containsAll(a)) {
      return b;
    }
    TreeSet<String> tree = new TreeSet<>(a);
    tree.addAll(b);
    return new MethodSet(tree.toArray(new String[0]));
  }

  @Override
  public boolean contains(Object o) {
    return o instanceof String s && Arrays.binarySearch(sorted, s) >= 0;
  }

  @Override
  public int size() {
    return sorted.length;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < sorted.length;
      }

      @Override
      public String next() {
        if (next >= sorted.length) {
          throw new NoSuchElementException();
        }
        return sorted[next++];
      }
    };
  }

  /** The methods joined by {@code ", "}, as in an {@code Allow} header. */
  String joined() {
    return String.join(", ", sorted);
  }
}
