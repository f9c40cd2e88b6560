package dev.sluice.router;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathTemplateTest {

  static Stream<Arguments> validTemplates() {
    return Stream.of(
        Arguments.of("/", "", "/"),
        Arguments.of("/users", "", "/users"),
        Arguments.of("/users/{id}", "id", "/users/{}"),
        Arguments.of("/users/{id}/posts/{postId}", "id,postId", "/users/{}/posts/{}"),
        Arguments.of("/files/{path...}", "path", "/files/{...}"),
        Arguments.of("/{all...}", "all", "/{...}"),
        Arguments.of("/{_x}", "_x", "/{}"),
        Arguments.of("/a/{b}/c/{d_1}/{Rest9...}", "b,d_1,Rest9", "/a/{}/c/{}/{...}"),
        Arguments.of("/v1.2/foo-bar~baz_qux", "", "/v1.2/foo-bar~baz_qux"),
        Arguments.of("/a:b@c;d=e,f+g!h$i&j'k(l)m*n", "", "/a:b@c;d=e,f+g!h$i&j'k(l)m*n"),
        Arguments.of("/...", "", "/..."),
        Arguments.of("/.well-known/{name}", "name", "/.well-known/{}"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("validTemplates")
  void parsesValidTemplates(String text, String names, String shape) {
    PathTemplate template = PathTemplate.parse(text);
    assertThat(template.template(), is(text));
    assertThat(template.toString(), is(text));
    List<String> expectedNames = names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
    assertThat(template.parameterNames(), is(expectedNames));
    assertThat(template.shape(), is(shape));
  }

  static Stream<Arguments> invalidTemplates() {
    return Stream.of(
        Arguments.of("", "must start with \"/\""),
        Arguments.of("users", "must start with \"/\""),
        Arguments.of("{id}", "must start with \"/\""),
        Arguments.of("//", "empty segment 1"),
        Arguments.of("/users/", "empty segment 2 (a trailing \"/\" is not allowed)"),
        Arguments.of("/a//b", "empty segment 2"),
        Arguments.of("/a/{b", "unclosed \"{\" in segment 2"),
        Arguments.of("/a/x{b", "unclosed \"{\" in segment 2"),
        Arguments.of("/a/b}", "unexpected \"}\" in segment 2"),
        Arguments.of("/a/}b{", "unexpected \"}\" in segment 2"),
        Arguments.of(
            "/a/pre{x}post",
            "segment 2 \"pre{x}post\" mixes literal text and a parameter;"
                + " a segment is either literal or exactly one {name}"),
        Arguments.of(
            "/a/{x}post",
            "segment 2 \"{x}post\" mixes literal text and a parameter;"
                + " a segment is either literal or exactly one {name}"),
        Arguments.of(
            "/pre{x}",
            "segment 1 \"pre{x}\" mixes literal text and a parameter;"
                + " a segment is either literal or exactly one {name}"),
        Arguments.of("/a/{x}{y}", "nested or repeated braces in segment 2"),
        Arguments.of("/{a{b}}", "nested or repeated braces in segment 1"),
        Arguments.of("/a/{}", "empty parameter name in segment 2"),
        Arguments.of("/a/{...}", "empty parameter name in segment 2"),
        Arguments.of(
            "/a/{1x}",
            "invalid parameter name \"1x\" in segment 2 (must match [A-Za-z_][A-Za-z0-9_]*)"),
        Arguments.of(
            "/a/{x-y}",
            "invalid parameter name \"x-y\" in segment 2 (must match [A-Za-z_][A-Za-z0-9_]*)"),
        Arguments.of(
            "/a/{x..}",
            "invalid parameter name \"x..\" in segment 2 (must match [A-Za-z_][A-Za-z0-9_]*)"),
        Arguments.of(
            "/a/{ x }",
            "invalid parameter name \" x \" in segment 2 (must match [A-Za-z_][A-Za-z0-9_]*)"),
        Arguments.of("/a/{x}/{x}", "duplicate parameter name \"x\" in segment 3"),
        Arguments.of("/{x}/b/{x...}", "duplicate parameter name \"x\" in segment 3"),
        Arguments.of(
            "/{rest...}/a", "catch-all \"{rest...}\" in segment 1 must be the last segment"),
        Arguments.of(
            "/a/{rest...}/{b}", "catch-all \"{rest...}\" in segment 2 must be the last segment"),
        Arguments.of("/a b", "invalid character U+0020 in segment 1"),
        Arguments.of("/a/b%20c", "invalid character '%' in segment 2"),
        Arguments.of("/a?b=c", "invalid character '?' in segment 1"),
        Arguments.of("/a#frag", "invalid character '#' in segment 1"),
        Arguments.of("/caf\u00e9", "invalid character U+00E9 in segment 1"),
        Arguments.of("/a\\b", "invalid character '\\' in segment 1"),
        Arguments.of("/a/./b", "segment 2 is the dot segment \".\""),
        Arguments.of("/a/..", "segment 2 is the dot segment \"..\""));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("invalidTemplates")
  void rejectsInvalidTemplates(String text, String problem) {
    InvalidPathTemplateException e =
        assertThrows(InvalidPathTemplateException.class, () -> PathTemplate.parse(text));
    assertThat(e.getMessage(), is("path template \"" + text + "\": " + problem));
    assertThat(e.template(), is(text));
    assertThat(e, instanceOf(IllegalArgumentException.class));
  }

  @Test
  void sameShapeForDifferentParameterNames() {
    assertThat(
        PathTemplate.parse("/users/{id}").shape(), is(PathTemplate.parse("/users/{name}").shape()));
    assertThat(
        PathTemplate.parse("/users/{id}").shape(),
        not(PathTemplate.parse("/users/{id...}").shape()));
    assertThat(
        PathTemplate.parse("/users/{id}").shape(), not(PathTemplate.parse("/users/id").shape()));
  }

  @Test
  void equalityFollowsTemplateText() {
    assertThat(PathTemplate.parse("/a/{b}"), is(PathTemplate.parse("/a/{b}")));
    assertThat(
        PathTemplate.parse("/a/{b}").hashCode(), is(PathTemplate.parse("/a/{b}").hashCode()));
    assertThat(PathTemplate.parse("/a/{b}"), not(PathTemplate.parse("/a/{c}")));
  }

  @Test
  void parameterNamesAreImmutable() {
    List<String> names = PathTemplate.parse("/a/{b}").parameterNames();
    assertThrows(UnsupportedOperationException.class, () -> names.add("c"));
    assertThat(PathTemplate.parse("/").parameterNames(), is(empty()));
  }

  @Test
  void segmentsAreParsed() {
    assertThat(
        PathTemplate.parse("/a/{b}/{c...}").segments(),
        contains(new Segment.Literal("a"), new Segment.Param("b"), new Segment.CatchAll("c")));
    assertThat(PathTemplate.parse("/a/{b}/{c...}").hasCatchAll(), is(true));
    assertThat(PathTemplate.parse("/a/{b}").hasCatchAll(), is(false));
    assertThat(PathTemplate.parse("/").hasCatchAll(), is(false));
  }

  @Test
  void nullIsRejected() {
    assertThrows(NullPointerException.class, () -> PathTemplate.parse(null));
  }
}
