package dev.sluice.runtime.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {
  @ParameterizedTest
  @ValueSource(strings = {"abc", "01HZX-abc_def.1:2/3+4=5@x", "a"})
  void wellFormed(String id) {
    assertThat(RequestIds.wellFormed(id), is(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "<script>", "quote\"", "tab\t", "é"})
  void notWellFormed(String id) {
    assertThat(RequestIds.wellFormed(id), is(false));
  }

  @Test
  void tooLongIsNotWellFormed() {
    assertThat(RequestIds.wellFormed("a".repeat(128)), is(true));
    assertThat(RequestIds.wellFormed("a".repeat(129)), is(false));
  }

  @Test
  void generatedIdsAreUuidV7UniqueAndTimeOrdered() throws Exception {
    Set<String> seen = new HashSet<>();
    String first = RequestIds.generate();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.generate();
      assertThat(
          id,
          matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
      assertThat(seen.add(id), is(true));
    }
    Thread.sleep(2); // the scenario: the clock moves on, so the later id sorts after
    String later = RequestIds.generate();
    assertThat(first.substring(0, 13).compareTo(later.substring(0, 13)) < 0, is(true));
    assertThat(first, not(later));
  }
}
