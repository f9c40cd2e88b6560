package dev.sluice.runtime.sql;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The fallback for numeric arrays that the JDBC drivers cannot decode: pgjdbc's {@code getArray()}
 * fails on a {@code numeric[]} holding NaN or ±Infinity, H2's on a DECFLOAT array holding NaN.
 * Their text ({@code {1.5,NaN,NULL}}, {@code {{1,2},{3,4}}}; H2: {@code [1.5, NaN]}) holds only
 * numbers, the non-numbers, NULL, brackets and commas, so it is read here into the elements {@link
 * ResultRows#array} hands out. Cold path: only for a value the driver refused.
 */
final class NumericArrayText {
  private NumericArrayText() {}

  /**
   * The array's elements ({@link BigDecimal}, a non-number's name, null, nested {@code Object[]}),
   * or null when the text is not such an array.
   */
  static Object[] parse(String text) {
    if (text == null) {
      return null;
    }
    Deque<List<Object>> open = new ArrayDeque<>();
    Object[] done = null;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        if (done != null) {
          return null; // something after the outermost array
        }
        open.push(new ArrayList<>());
        i++;
      } else if (c == '}' || c == ']') {
        if (open.isEmpty()) {
          return null;
        }
        Object[] closed = open.pop().toArray();
        if (open.isEmpty()) {
          done = closed;
        } else {
          open.peek().add(closed);
        }
        i++;
      } else if (c == ',' || c == ' ') {
        i++;
      } else {
        int end = i;
        while (end < n && ",}] ".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        if (open.isEmpty() || !add(open.peek(), text.substring(i, end))) {
          return null;
        }
        i = end;
      }
    }
    return open.isEmpty() ? done : null;
  }

  /** Adds the token's value; false when it is not a number, a non-number or NULL. */
  private static boolean add(List<Object> into, String token) {
    if (token.equalsIgnoreCase("NULL")) {
      into.add(null);
    } else if (NumberValues.isSpecialNumeric(token)) {
      into.add(token);
    } else {
      try {
        into.add(new BigDecimal(token));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }
}
