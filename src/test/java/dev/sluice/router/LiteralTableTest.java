package dev.sluice.router;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralTableTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "users", "resource12345", "caf\u00e9", "\u20ac\ud83d\ude00x"})
  void regionHashEqualsStringHash(String key) {
    String s = "/x/" + key + "/y";
    assertThat(LiteralTable.hash(s, 3, 3 + key.length()), is(key.hashCode()));
  }

  @Test
  void findsKeysByStringAndByRegion() {
    Map<String, Integer> entries = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      entries.put("resource" + i, i);
    }
    entries.put("Aa", -1); // "Aa" and "BB" share a hash code
    entries.put("BB", -2);
    LiteralTable<Integer> table = LiteralTable.of(entries);
    entries.forEach(
        (key, value) -> {
          assertThat(table.get(key), is(value));
          String path = "/" + key + "/rest";
          assertThat(table.get(path, 1, 1 + key.length()), is(value));
        });
    assertThat(table.get("resource5000"), is(nullValue()));
    assertThat(table.get("/resource1/", 1, 9), is(nullValue())); // "resource" alone
    assertThat(table.get("/resource1/", 1, 1), is(nullValue()));
    assertThat(table.get("Ab"), is(nullValue()));
  }

  @Test
  void emptyTableFindsNothing() {
    LiteralTable<String> table = LiteralTable.of(Map.of());
    assertThat(table.get("a"), is(nullValue()));
    assertThat(table.get("/a", 1, 2), is(nullValue()));
  }

  @Test
  void singleEntryTable() {
    LiteralTable<String> table = LiteralTable.of(Map.of("users", "u"));
    assertThat(table.get("users"), is("u"));
    assertThat(table.get("/users", 1, 6), is("u"));
    assertThat(table.get("/user", 1, 5), is(nullValue()));
  }
}
