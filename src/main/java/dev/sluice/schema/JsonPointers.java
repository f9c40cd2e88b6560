package dev.sluice.schema;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers as plain strings; the root is {@code ""}. */
public final class JsonPointers {

  private JsonPointers() {}

  /** Escapes one reference token: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1}. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer to member {@code key} of the value at {@code parent}. */
  public static String child(String parent, String key) {
    return parent + "/" + escape(key);
  }

  /** The pointer to item {@code index} of the array at {@code parent}. */
  public static String child(String parent, int index) {
    return parent + "/" + index;
  }

  /** A pointer built from unescaped tokens. */
  public static String of(List<?> tokens) {
    StringBuilder sb = new StringBuilder();
    for (Object token : tokens) {
      sb.append('/').append(escape(String.valueOf(token)));
    }
    return sb.toString();
  }

  /** The parent pointer; the root's parent is the root. */
  public static String parent(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }

  /** The unescaped tokens of a pointer. */
  public static List<String> tokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }
}
