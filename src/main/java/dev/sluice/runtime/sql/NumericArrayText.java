package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback for numeric arrays that the drivers cannot decode: pgjdbc's {@code getArray()} fails
 * on a {@code numeric[]} holding NaN or ±Infinity, H2's on a DECFLOAT array holding NaN. Their text
 * ({@code {1.5,NaN,NULL}}, {@code {{1,2},{3,4}}}; H2: {@code [1.5, NaN]}) holds only numbers, the
 * non-numbers, NULL, brackets and commas, so it is read here and written by the numeric rules. Cold
 * path: only for a value the driver refused.
 */
final class NumericArrayText {
  private NumericArrayText() {}

  /** Writes the array; false (nothing written) when the text is not such an array. */
  static boolean write(String text, JsonGenerator g, JsonNumbers numbers) throws IOException {
    List<Object> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return false;
    }
    for (Object t : tokens) {
      if (t == Bracket.OPEN) {
        g.writeStartArray();
      } else if (t == Bracket.CLOSE) {
        g.writeEndArray();
      } else if (t == Bracket.NULL) {
        g.writeNull();
      } else if (t instanceof BigDecimal d) {
        NumberValues.writeDecimal(g, d, numbers);
      } else {
        g.writeString((String) t);
      }
    }
    return true;
  }

  private enum Bracket {
    OPEN,
    CLOSE,
    NULL
  }

  /** Brackets, NULLs, BigDecimals and non-number strings; empty when the text is malformed. */
  private static List<Object> tokens(String text) {
    List<Object> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int depth = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        out.add(Bracket.OPEN);
        depth++;
        i++;
      } else if (c == '}' || c == ']') {
        if (--depth < 0) {
          return List.of();
        }
        out.add(Bracket.CLOSE);
        i++;
      } else if (c == ',' || c == ' ') {
        i++;
      } else {
        int end = i;
        while (end < n && ",}] ".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        Object value = value(text.substring(i, end));
        if (value == null || depth == 0) {
          return List.of();
        }
        out.add(value);
        i = end;
      }
    }
    return depth == 0 && !out.isEmpty() && out.getFirst() == Bracket.OPEN ? out : List.of();
  }

  private static Object value(String token) {
    if (token.equalsIgnoreCase("NULL")) {
      return Bracket.NULL;
    }
    if (NumberValues.isSpecialNumeric(token)) {
      return token;
    }
    try {
      return new BigDecimal(token);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
