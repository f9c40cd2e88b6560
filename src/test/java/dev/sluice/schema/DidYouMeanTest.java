package dev.sluice.schema;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

  private static final List<String> KEYS =
      List.of("method", "path", "sql", "result", "timeout", "headers", "params", "description");
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "mehtod, method", // adjacent swap: one edit
        "methd, method",
        "Method, method", // case-insensitive
        "pth, path",
        "sqll, sql",
        "reslt, result",
        "timout, timeout",
        "header, headers",
        "descripton, description",
        "descrption, description",
        "x, -",
        "zzz, -",
        "timeoutSeconds, timeout", // no close edit: the input starts with a candidate
        "desc, description", // no close edit: a candidate starts with the input
        "completely_different, -",
        "pa, -", // two edits from "path", and too short to count as a prefix
      })
  void suggestsKeys(String input, String expected) {
    assertThat(DidYouMean.suggest(input, KEYS), is(Optional.ofNullable(expected)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "GTE, GET",
        "get, GET",
        "PSOT, POST",
        "DEL, DELETE",
        "OPTION, OPTIONS",
        "PUTT, PUT",
        "FETCH, -", // two edits from PATCH, where five letters allow one
        "TRACE, -",
      })
  void suggestsEnumValues(String input, String expected) {
    assertThat(DidYouMean.suggest(input, METHODS), is(Optional.ofNullable(expected)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "many_rows, many",
        "one_row, one",
        "nil, -",
        "mnay, many",
      })
  void suggestsResultModes(String input, String expected) {
    assertThat(
        DidYouMean.suggest(input, List.of("one", "many", "none")),
        is(Optional.ofNullable(expected)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"ab, ab", "ac, ab", "bb, ab"})
  void tiesGoToTheFirstCandidate(String input, String expected) {
    assertThat(DidYouMean.suggest(input, List.of("ab", "bc", "cb")), is(Optional.of(expected)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "abcdefghi, abcdefxyz", // 9 code points: limit 3, distance 3
        "abcdefgq, -", // 8 code points: limit 2, distance 3
        "abcdefghijklmnop, -", // 16 code points: the limit is capped at 3, distance 4
      })
  void distanceLimitGrowsWithLengthUpToThree(String input, String expected) {
    assertThat(
        DidYouMean.suggest(input, List.of("abcdefxyz", "abcdefghijklwxyz")),
        is(Optional.ofNullable(expected)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"a", "abc", "GET"})
  void nothingToSuggestFromNoCandidates(String input) {
    assertThat(DidYouMean.suggest(input, List.of()), is(Optional.empty()));
  }
}
