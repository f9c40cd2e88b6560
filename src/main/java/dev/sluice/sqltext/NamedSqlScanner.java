package dev.sluice.sqltext;

import java.util.ArrayList;
import java.util.List;

/** The single pass behind {@link NamedSql#parse}: copies the SQL, replacing parameters. */
final class NamedSqlScanner {
  private final String sql;
  private final int length;
  private final StringBuilder out;
  private final List<String> names = new ArrayList<>();
  private final List<String> segments = new ArrayList<>();
  private int segmentStart;
  private int pos;

  NamedSqlScanner(String sql) {
    this.sql = sql;
    this.length = sql.length();
    this.out = new StringBuilder(length + 16);
  }

  NamedSql scan() throws SqlTextException {
    while (pos < length) {
      char c = sql.charAt(pos);
      switch (c) {
        case '\'' -> quoted(pos, '\'', isEscapeString(pos), "string literal");
        case '"' -> quoted(pos, '"', false, "quoted identifier");
        case '-' -> {
          if (next() == '-') {
            lineComment();
          } else {
            copy(1);
          }
        }
        case '/' -> {
          if (next() == '*') {
            blockComment();
          } else {
            copy(1);
          }
        }
        case '$' -> dollar();
        case ':' -> colon();
        case '?' -> {
          out.append("??");
          pos++;
        }
        default -> copy(1);
      }
    }
    segments.add(sql.substring(segmentStart));
    return new NamedSql(out.toString(), names, segments);
  }

  private char next() {
    return pos + 1 < length ? sql.charAt(pos + 1) : '\0';
  }

  private void copy(int count) {
    out.append(sql, pos, pos + count);
    pos += count;
  }

  private void copyTo(int end) {
    out.append(sql, pos, end);
    pos = end;
  }

  /** Whether the quote at {@code quote} opens an {@code E'...'} string. */
  private boolean isEscapeString(int quote) {
    if (quote < 1) {
      return false;
    }
    char e = sql.charAt(quote - 1);
    return (e == 'E' || e == 'e') && (quote < 2 || !isIdentifierPart(sql.charAt(quote - 2)));
  }

  private void quoted(int start, char quote, boolean backslash, String what)
      throws SqlTextException {
    int i = start + 1;
    while (i < length) {
      char c = sql.charAt(i);
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < length && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          copyTo(i + 1);
          return;
        }
      } else {
        i++;
      }
    }
    throw unterminated(what, start);
  }

  private void lineComment() {
    int end = sql.indexOf('\n', pos);
    copyTo(end < 0 ? length : end + 1);
  }

  private void blockComment() throws SqlTextException {
    int start = pos;
    int depth = 0;
    int i = pos;
    while (i < length) {
      char c = sql.charAt(i);
      char d = i + 1 < length ? sql.charAt(i + 1) : '\0';
      if (c == '/' && d == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && d == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          copyTo(i);
          return;
        }
      } else {
        i++;
      }
    }
    throw unterminated("block comment", start);
  }

  private void dollar() throws SqlTextException {
    if (pos > 0 && isIdentifierPart(sql.charAt(pos - 1))) {
      copy(1); // inside an identifier such as a$b
      return;
    }
    char d = next();
    if (d >= '0' && d <= '9') {
      int end = pos + 1;
      while (end < length && Character.isDigit(sql.charAt(end))) {
        end++;
      }
      throw new SqlTextException(
          "positional parameter "
              + sql.substring(pos, end)
              + " at "
              + where(pos)
              + " is not supported: use a named parameter such as :id",
          pos);
    }
    int end = pos + 1;
    if (end < length && isTagStart(sql.charAt(end))) {
      end++;
      while (end < length && isTagPart(sql.charAt(end))) {
        end++;
      }
    }
    if (end >= length || sql.charAt(end) != '$') {
      copy(1); // not a dollar quote
      return;
    }
    String tag = sql.substring(pos, end + 1);
    int close = sql.indexOf(tag, end + 1);
    if (close < 0) {
      throw unterminated("dollar-quoted string " + tag, pos);
    }
    copyTo(close + tag.length());
  }

  private void colon() {
    char d = next();
    if (d == ':') {
      copy(2); // a cast: the type name after it is plain text
      return;
    }
    if (!isNameStart(d)) {
      copy(1);
      return;
    }
    int end = pos + 2;
    while (end < length && isNamePart(sql.charAt(end))) {
      end++;
    }
    names.add(sql.substring(pos + 1, end));
    out.append('?');
    segments.add(sql.substring(segmentStart, pos));
    segmentStart = end;
    pos = end;
  }

  private SqlTextException unterminated(String what, int start) {
    return new SqlTextException("unterminated " + what + " starting at " + where(start), start);
  }

  /** "line L, column C" of an offset, both counted from 1. */
  private String where(int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (offset - lineStart + 1);
  }

  private static boolean isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  /** A dollar-quote tag follows identifier rules but cannot contain {@code $}. */
  private static boolean isTagStart(char c) {
    return isNameStart(c) || c >= 0x80;
  }

  private static boolean isTagPart(char c) {
    return isTagStart(c) || (c >= '0' && c <= '9');
  }

  /** A character that may continue a PostgreSQL identifier or number. */
  private static boolean isIdentifierPart(char c) {
    return isTagPart(c) || c == '$';
  }
}
