package dev.sluice.router;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouterTest {

  /** Method, template and value of each route; the value names the route in expectations. */
  private static final String[][] ROUTES = {
    {"GET", "/", "root"},
    {"GET", "/users", "users.list"},
    {"POST", "/users", "users.create"},
    {"GET", "/users/me", "users.me"},
    {"GET", "/users/{id}", "users.get"},
    {"PUT", "/users/{id}", "users.put"},
    {"DELETE", "/users/{id}", "users.delete"},
    {"GET", "/users/{id}/posts/{postId}", "posts.get"},
    {"GET", "/files/readme", "files.readme"},
    {"GET", "/files/{path...}", "files.get"},
    {"PUT", "/files/{path...}", "files.put"},
    {"GET", "/static/{name}", "static.name"},
    {"GET", "/static/{rest...}", "static.rest"},
    {"OPTIONS", "/cors", "cors.options"},
    {"POST", "/cors", "cors.post"},
    {"GET", "/explicit", "explicit.get"},
    {"HEAD", "/explicit", "explicit.head"},
    {"GET", "/a/b/{y}", "a.b.y"},
    {"GET", "/a/{x}/c", "a.x.c"},
    {"POST", "/a/{x}/c", "a.x.c.post"},
    {"GET", "/search/{q}", "search"},
    {"POST", "/only-post", "only.post"},
  };

  private static final Router<String> ROUTER = router(ROUTES);

  private static Router<String> router(String[][] routes) {
    Router.Builder<String> builder = Router.builder();
    for (String[] route : routes) {
      builder.add(route[0], PathTemplate.parse(route[1]), route[2]);
    }
    return builder.build();
  }

  /** A one-line description of a match, to compare against the table below. */
  private static String describe(RouteMatch<String> match) {
    return switch (match) {
      case RouteMatch.Found<String>(String value, PathParams params) ->
          params.isEmpty() ? value : value + " " + params;
      case RouteMatch.MethodNotAllowed<String> m -> "405 " + m.allowHeader();
      case RouteMatch.NotFound<String> n -> "404";
    };
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // root and empty path
        Arguments.of("GET", "/", "root"),
        Arguments.of("GET", "", "root"),
        Arguments.of("HEAD", "/", "root"),
        Arguments.of("POST", "/", "405 GET, HEAD"),
        // literals
        Arguments.of("GET", "/users", "users.list"),
        Arguments.of("POST", "/users", "users.create"),
        Arguments.of("HEAD", "/users", "users.list"),
        Arguments.of("OPTIONS", "/users", "405 GET, HEAD, POST"),
        Arguments.of("get", "/users", "405 GET, HEAD, POST"),
        // strict: no trailing slash, no empty segments
        Arguments.of("GET", "/users/", "404"),
        Arguments.of("GET", "//users", "404"),
        Arguments.of("GET", "/users//posts/1", "404"),
        Arguments.of("GET", "/nope", "404"),
        Arguments.of("GET", "/users/42/nope", "404"),
        // literal beats parameter, with backtracking
        Arguments.of("GET", "/users/me", "users.me"),
        Arguments.of("HEAD", "/users/me", "users.me"),
        Arguments.of("DELETE", "/users/me", "users.delete {id=me}"),
        Arguments.of("PUT", "/users/me", "users.put {id=me}"),
        Arguments.of("POST", "/users/me", "405 DELETE, GET, HEAD, PUT"),
        Arguments.of("GET", "/users/42", "users.get {id=42}"),
        Arguments.of("PATCH", "/users/42", "405 DELETE, GET, HEAD, PUT"),
        Arguments.of("GET", "/users/42/posts/7", "posts.get {id=42, postId=7}"),
        Arguments.of("HEAD", "/users/42/posts/7", "posts.get {id=42, postId=7}"),
        Arguments.of("GET", "/users/me/posts/7", "posts.get {id=me, postId=7}"),
        Arguments.of("GET", "/users/42/posts", "404"),
        Arguments.of("GET", "/users/42/posts/7/8", "404"),
        Arguments.of("GET", "/a/b/c", "a.b.y {y=c}"),
        Arguments.of("POST", "/a/b/c", "a.x.c.post {x=b}"),
        Arguments.of("DELETE", "/a/b/c", "405 GET, HEAD, POST"),
        Arguments.of("GET", "/a/b/d", "a.b.y {y=d}"),
        Arguments.of("POST", "/a/b/d", "405 GET, HEAD"),
        Arguments.of("GET", "/a/z/c", "a.x.c {x=z}"),
        Arguments.of("GET", "/a/z/d", "404"),
        // catch-all: one or more segments, literals and params win
        Arguments.of("GET", "/files/readme", "files.readme"),
        Arguments.of("PUT", "/files/readme", "files.put {path=readme}"),
        Arguments.of("GET", "/files/a", "files.get {path=a}"),
        Arguments.of("GET", "/files/a/b/c.txt", "files.get {path=a/b/c.txt}"),
        Arguments.of("HEAD", "/files/a/b", "files.get {path=a/b}"),
        Arguments.of("DELETE", "/files/a/b", "405 GET, HEAD, PUT"),
        Arguments.of("DELETE", "/files/readme", "405 GET, HEAD, PUT"),
        Arguments.of("GET", "/files", "404"),
        Arguments.of("GET", "/files/", "404"),
        Arguments.of("GET", "/files/a/", "404"),
        Arguments.of("GET", "/files/a//b", "404"),
        Arguments.of("GET", "/static/x", "static.name {name=x}"),
        Arguments.of("GET", "/static/x/y", "static.rest {rest=x/y}"),
        // HEAD and OPTIONS
        Arguments.of("GET", "/explicit", "explicit.get"),
        Arguments.of("HEAD", "/explicit", "explicit.head"),
        Arguments.of("OPTIONS", "/cors", "cors.options"),
        Arguments.of("GET", "/cors", "405 OPTIONS, POST"),
        Arguments.of("HEAD", "/cors", "405 OPTIONS, POST"),
        Arguments.of("HEAD", "/only-post", "405 POST"),
        // percent-decoding
        Arguments.of("GET", "/search/hello%20world", "search {q=hello world}"),
        Arguments.of("GET", "/search/a%2Fb", "search {q=a/b}"),
        Arguments.of("GET", "/search/a%2fb", "search {q=a/b}"),
        Arguments.of("GET", "/search/caf%C3%A9", "search {q=caf\u00e9}"),
        Arguments.of("GET", "/search/%E2%82%AC%20100", "search {q=\u20ac 100}"),
        Arguments.of("GET", "/search/%F0%9F%98%80", "search {q=\ud83d\ude00}"),
        Arguments.of("GET", "/search/a+b", "search {q=a+b}"),
        Arguments.of("GET", "/search/%25", "search {q=%}"),
        Arguments.of("GET", "/search/%7Bx%7D", "search {q={x}}"),
        Arguments.of("GET", "/search/%2F", "search {q=/}"),
        Arguments.of("GET", "/search/a%2Fb/c", "404"),
        Arguments.of("GET", "/us%65rs", "users.list"),
        Arguments.of("GET", "/users/m%65", "users.me"),
        Arguments.of("GET", "/users%2Fme", "404"),
        Arguments.of("GET", "/files/a%2Fb/c%20d", "files.get {path=a/b/c d}"),
        Arguments.of("GET", "/users/%2E%2E", "users.get {id=..}"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("cases")
  void matches(String method, String path, String expected) {
    assertThat(describe(ROUTER.match(method, path)), is(expected));
  }

  static Stream<Arguments> malformedPaths() {
    return Stream.of(
        Arguments.of("/search/%zz", "invalid percent-escape \"%zz\" at index 8"),
        Arguments.of("/search/abc%g1", "invalid percent-escape \"%g1\" at index 11"),
        Arguments.of("/search/%", "incomplete percent-escape \"%\" at index 8"),
        Arguments.of("/search/%2", "incomplete percent-escape \"%2\" at index 8"),
        Arguments.of("/search/%2/x", "incomplete percent-escape \"%2\" at index 8"),
        Arguments.of(
            "/search/%\u0663\u0663", "invalid percent-escape \"%\u0663\u0663\" at index 8"),
        Arguments.of("/no-such-route/%zz", "invalid percent-escape \"%zz\" at index 15"),
        Arguments.of("/%zz/users", "invalid percent-escape \"%zz\" at index 1"),
        Arguments.of("/search/%C3", "segment \"%C3\" does not decode to valid UTF-8"),
        Arguments.of("/search/%FF", "segment \"%FF\" does not decode to valid UTF-8"),
        Arguments.of("/search/%C0%AF", "segment \"%C0%AF\" does not decode to valid UTF-8"),
        Arguments.of("/search/%ED%A0%80", "segment \"%ED%A0%80\" does not decode to valid UTF-8"),
        Arguments.of("users", "does not start with \"/\""),
        Arguments.of("*", "does not start with \"/\""),
        Arguments.of("http://host/users", "does not start with \"/\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPaths")
  void rejectsMalformedPaths(String path, String problem) {
    MalformedPathException e =
        assertThrows(MalformedPathException.class, () -> ROUTER.match("GET", path));
    assertThat(e.getMessage(), is("malformed request path \"" + path + "\": " + problem));
    assertThat(e.path(), is(path));
    assertThat(e, instanceOf(IllegalArgumentException.class));
  }

  static Stream<Arguments> duplicateShapes() {
    return Stream.of(
        Arguments.of("/users/{id}", "/users/{name}"),
        Arguments.of("/users", "/users"),
        Arguments.of("/", "/"),
        Arguments.of("/files/{path...}", "/files/{rest...}"),
        Arguments.of("/a/{x}/b/{y}", "/a/{p}/b/{q}"));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("duplicateShapes")
  void rejectsDuplicateMethodAndShape(String first, String second) {
    Router.Builder<String> builder =
        Router.<String>builder().add("GET", PathTemplate.parse(first), "first");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder.add("GET", PathTemplate.parse(second), "second"));
    assertThat(
        e.getMessage(),
        is("duplicate route GET " + second + ": same method and path shape as GET " + first));
    // the same shape under another method is fine, and the failed add left nothing behind
    builder.add("POST", PathTemplate.parse(second), "second");
    assertThat(builder.build().entries().size(), is(2));
  }

  @Test
  void differentShapesAreNotDuplicates() {
    Router<String> router =
        router(
            new String[][] {
              {"GET", "/users/{id}", "param"},
              {"GET", "/users/{id...}", "catch-all"},
              {"GET", "/users/id", "literal"},
              {"HEAD", "/users/{id}", "head"},
            });
    assertThat(describe(router.match("GET", "/users/id")), is("literal"));
    assertThat(describe(router.match("GET", "/users/x")), is("param {id=x}"));
    assertThat(describe(router.match("HEAD", "/users/x")), is("head {id=x}"));
    assertThat(describe(router.match("HEAD", "/users/id")), is("literal"));
    assertThat(describe(router.match("GET", "/users/x/y")), is("catch-all {id=x/y}"));
  }

  @Test
  void parameterNamesMayDifferBetweenRoutesSharingANode() {
    Router<String> router =
        router(
            new String[][] {
              {"GET", "/orgs/{org}", "org"},
              {"DELETE", "/orgs/{name}", "delete"},
              {"GET", "/orgs/{id}/repos/{repo}", "repo"},
            });
    assertThat(describe(router.match("GET", "/orgs/acme")), is("org {org=acme}"));
    assertThat(describe(router.match("DELETE", "/orgs/acme")), is("delete {name=acme}"));
    assertThat(describe(router.match("GET", "/orgs/acme/repos/x")), is("repo {id=acme, repo=x}"));
  }

  @Test
  void backtrackingUnionsAllowedMethodsAcrossBranches() {
    Router<String> router =
        router(
            new String[][] {
              {"GET", "/x/lit", "lit"},
              {"PUT", "/x/{p}", "param"},
              {"OPTIONS", "/x/{rest...}", "rest"},
            });
    assertThat(describe(router.match("POST", "/x/lit")), is("405 GET, HEAD, OPTIONS, PUT"));
    assertThat(describe(router.match("OPTIONS", "/x/lit")), is("rest {rest=lit}"));
    assertThat(describe(router.match("PUT", "/x/lit")), is("param {p=lit}"));
    assertThat(describe(router.match("POST", "/x/a/b")), is("405 OPTIONS"));
  }

  @Test
  void rootCatchAllMatchesEverythingButRoot() {
    Router<String> router = router(new String[][] {{"GET", "/{all...}", "all"}});
    assertThat(describe(router.match("GET", "/")), is("404"));
    assertThat(describe(router.match("GET", "")), is("404"));
    assertThat(describe(router.match("GET", "/a")), is("all {all=a}"));
    assertThat(describe(router.match("GET", "/a/b/c")), is("all {all=a/b/c}"));
  }

  @Test
  void emptyRouterFindsNothing() {
    Router<String> router = Router.<String>builder().build();
    assertThat(router.match("GET", "/"), is(sameInstance(RouteMatch.notFound())));
    assertThat(router.match("GET", "/a/b"), is(sameInstance(RouteMatch.notFound())));
    assertThat(router.entries(), is(List.of()));
  }

  @Test
  void notFoundIsASingleton() {
    assertThat(ROUTER.match("GET", "/nope"), is(sameInstance(RouteMatch.notFound())));
    assertThat(new RouteMatch.NotFound<String>(), is(RouteMatch.notFound()));
  }

  @Test
  void routesWithoutParametersShareTheirResult() {
    assertThat(ROUTER.match("GET", "/users"), is(sameInstance(ROUTER.match("GET", "/users"))));
  }

  @Test
  void foundCarriesValueAndParams() {
    RouteMatch.Found<String> found =
        (RouteMatch.Found<String>) ROUTER.match("GET", "/users/42/posts/7");
    assertThat(found.value(), is("posts.get"));
    PathParams params = found.params();
    assertThat(params.get("id"), is("42"));
    assertThat(params.get("postId"), is("7"));
    assertThat(params.find("id"), is(Optional.of("42")));
    assertThat(params.find("nope"), is(Optional.empty()));
    assertThat(params.names(), contains("id", "postId"));
    assertThat(params.size(), is(2));
    assertThat(params.asMap(), is(Map.of("id", "42", "postId", "7")));
    assertThat(List.copyOf(params.asMap().keySet()), contains("id", "postId"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> params.get("nope"));
    assertThat(e.getMessage(), containsString("no path parameter \"nope\""));
    assertThrows(UnsupportedOperationException.class, () -> params.asMap().put("a", "b"));
    assertThat(
        ROUTER.match("GET", "/users/42/posts/7"), is(ROUTER.match("GET", "/users/42/posts/7")));
    assertThat(PathParams.empty().isEmpty(), is(true));
  }

  @Test
  void methodNotAllowedSetIsSortedAndImmutable() {
    RouteMatch.MethodNotAllowed<String> m =
        (RouteMatch.MethodNotAllowed<String>) ROUTER.match("PATCH", "/users/me");
    assertThat(List.copyOf(m.allowed()), contains("DELETE", "GET", "HEAD", "PUT"));
    assertThrows(UnsupportedOperationException.class, () -> m.allowed().add("PATCH"));
    assertThat(m.allowed().contains("GET"), is(true));
    assertThat(m.allowed().contains("PATCH"), is(false));
    assertThat(m.allowHeader(), is("DELETE, GET, HEAD, PUT"));

    RouteMatch.MethodNotAllowed<String> built =
        new RouteMatch.MethodNotAllowed<>(Set.of("PUT", "GET", "DELETE", "HEAD"));
    assertThat(built, is(m));
    assertThat(List.copyOf(built.allowed()), contains("DELETE", "GET", "HEAD", "PUT"));
  }

  @Test
  void entriesKeepInsertionOrder() {
    List<String> expected = Stream.of(ROUTES).map(r -> r[0] + " " + r[1] + " " + r[2]).toList();
    List<String> actual =
        ROUTER.entries().stream()
            .map(e -> e.method() + " " + e.template() + " " + e.value())
            .collect(Collectors.toList());
    assertThat(actual, is(expected));
    assertThrows(UnsupportedOperationException.class, () -> ROUTER.entries().clear());
  }

  @Test
  void builtRouterIgnoresLaterAdds() {
    Router.Builder<String> builder =
        Router.<String>builder().add("GET", PathTemplate.parse("/a"), "a");
    Router<String> first = builder.build();
    builder.add("GET", PathTemplate.parse("/b"), "b");
    Router<String> second = builder.build();
    assertThat(describe(first.match("GET", "/b")), is("404"));
    assertThat(first.entries().size(), is(1));
    assertThat(describe(second.match("GET", "/b")), is("b"));
    assertThat(describe(second.match("GET", "/a")), is("a"));
  }

  @Test
  void rejectsInvalidMethodsAndNulls() {
    Router.Builder<String> builder = Router.builder();
    PathTemplate t = PathTemplate.parse("/a");
    assertThrows(IllegalArgumentException.class, () -> builder.add("get", t, "x"));
    assertThrows(IllegalArgumentException.class, () -> builder.add("", t, "x"));
    assertThrows(IllegalArgumentException.class, () -> builder.add("GE T", t, "x"));
    assertThrows(NullPointerException.class, () -> builder.add(null, t, "x"));
    assertThrows(NullPointerException.class, () -> builder.add("GET", null, "x"));
    assertThrows(NullPointerException.class, () -> builder.add("GET", t, null));
    builder.add("M-SEARCH", t, "custom");
    Router<String> router = builder.build();
    assertThat(describe(router.match("M-SEARCH", "/a")), is("custom"));
    assertThrows(NullPointerException.class, () -> router.match(null, "/a"));
    assertThrows(NullPointerException.class, () -> router.match("GET", null));
  }

  @Test
  void deepPathsNeitherOverflowNorSlowDown() {
    Router<String> router =
        router(
            new String[][] {
              {"GET", "/files/{path...}", "files"},
              {"GET", "/{a}/{b}/{c}", "three"},
            });
    String deep = "/x".repeat(100_000);
    assertThat(describe(router.match("GET", deep)), is("404"));
    RouteMatch<String> files = router.match("GET", "/files" + deep);
    assertThat(((RouteMatch.Found<String>) files).params().get("path"), is(deep.substring(1)));
    assertThat(describe(router.match("GET", "/x/y/z")), is("three {a=x, b=y, c=z}"));
    // escapes far apart are decoded in linear time
    String escapes = "/%41" + deep + "/%42";
    RouteMatch<String> decoded = router.match("GET", "/files" + escapes);
    assertThat(((RouteMatch.Found<String>) decoded).params().get("path"), is("A" + deep + "/B"));
    assertThrows(MalformedPathException.class, () -> router.match("GET", "/files" + deep + "/%4"));
  }

  @Test
  void backtrackingStaysBoundedOnAdversarialTables() {
    // Every level has both a literal and a parameter child; a miss explores each branch once.
    Router.Builder<String> builder = Router.builder();
    int depth = 12;
    for (int mask = 0; mask < (1 << depth); mask++) {
      StringBuilder template = new StringBuilder();
      for (int level = 0; level < depth; level++) {
        template.append((mask & (1 << level)) != 0 ? "/x" : "/{p" + level + "}");
      }
      builder.add("GET", PathTemplate.parse(template.toString()), "r" + mask);
    }
    Router<String> router = builder.build();
    String allX = "/x".repeat(depth);
    assertThat(describe(router.match("GET", allX)), is("r" + ((1 << depth) - 1)));
    RouteMatch<String> miss = router.match("POST", allX);
    assertThat(describe(miss), is("405 GET, HEAD"));
    assertThat(describe(router.match("GET", "/y".repeat(depth))).startsWith("r0 "), is(true));
  }

  @Test
  void tenThousandRoutes() {
    Router.Builder<Integer> builder = Router.builder();
    List<String[]> requests = new ArrayList<>();
    int n = 0;
    for (int i = 0; n < 10_000; i++) {
      builder.add("GET", PathTemplate.parse("/api/v1/resource" + i), n++);
      builder.add("GET", PathTemplate.parse("/api/v1/resource" + i + "/{id}"), n++);
      builder.add("DELETE", PathTemplate.parse("/api/v1/resource" + i + "/{id}"), n++);
      builder.add("GET", PathTemplate.parse("/api/v1/resource" + i + "/{id}/items/{item}"), n++);
      requests.add(new String[] {"GET", "/api/v1/resource" + i, ""});
      requests.add(new String[] {"GET", "/api/v1/resource" + i + "/id" + i, "{id=id" + i + "}"});
      requests.add(new String[] {"DELETE", "/api/v1/resource" + i + "/id" + i, "{id=id" + i + "}"});
      requests.add(
          new String[] {
            "GET",
            "/api/v1/resource" + i + "/id" + i + "/items/it%20" + i,
            "{id=id" + i + ", item=it " + i + "}"
          });
    }
    Router<Integer> router = builder.build();
    assertThat(router.entries().size(), is(10_000));
    for (int r = 0; r < requests.size(); r++) {
      String[] request = requests.get(r);
      RouteMatch<Integer> match = router.match(request[0], request[1]);
      if (!(match instanceof RouteMatch.Found<Integer> found)) {
        throw new AssertionError(request[0] + " " + request[1] + " -> " + match);
      }
      assertThat(found.value(), is(r));
      assertThat(found.params().isEmpty() ? "" : found.params().toString(), is(request[2]));
      assertThat(router.entries().get(r).value(), is(r));
    }
    assertThat(router.match("GET", "/api/v1/resource2500"), is(RouteMatch.notFound()));
    assertThat(router.match("GET", "/api/v1/resource1/x/y"), is(RouteMatch.notFound()));
    assertThat(
        router.match("PUT", "/api/v1/resource2499/x"),
        is(new RouteMatch.MethodNotAllowed<Integer>(Set.of("DELETE", "GET", "HEAD"))));
    assertThat(
        router.match("POST", "/api/v1/resource0"),
        is(new RouteMatch.MethodNotAllowed<Integer>(Set.of("GET", "HEAD"))));
  }

  @Test
  void anyMethodRouteServesEveryMethodAnExplicitRouteDoesNot() {
    Router<String> router =
        Router.<String>builder()
            .add(Router.ANY_METHOD, PathTemplate.parse("/api/{rest...}"), "any")
            .add("POST", PathTemplate.parse("/api/{rest...}"), "post")
            .build();
    for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "PROPFIND")) {
      assertThat(
          method, ((RouteMatch.Found<String>) router.match(method, "/api/a/b")).value(), is("any"));
    }
    assertThat(((RouteMatch.Found<String>) router.match("POST", "/api/a")).value(), is("post"));
    assertThat(router.match("GET", "/other"), is(RouteMatch.notFound()));
  }
}
