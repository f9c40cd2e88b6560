package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.CorsArgs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsArgsParserTest {
  @Test
  void originsMethodsAndHeadersAreParsed() {
    CorsArgs a =
        ArgsFixture.bind(
                "cors: {origins: ['HTTP://LOCALHOST:3000', 'https://*.example.com'],"
                    + " methods: [GET, POST, GET], headers: [Content-Type], expose: [X-Request-Id],"
                    + " credentials: true, max-age: 10m}")
            .as(CorsArgs.class);
    assertThat(a.origins().any(), is(false));
    assertThat(a.origins().exact(), is(Set.of("http://localhost:3000")));
    assertThat(
        a.origins().subdomains(), is(List.of(new CorsArgs.Subdomains("https://", ".example.com"))));
    assertThat(a.methods(), is(List.of("GET", "POST")));
    assertThat(a.headers(), is(List.of("Content-Type")));
    assertThat(a.anyHeader(), is(false));
    assertThat(a.expose(), is(List.of("X-Request-Id")));
    assertThat(a.credentials(), is(true));
    assertThat(a.maxAge(), is(Optional.of(Duration.ofMinutes(10))));
  }

  @Test
  void wildcardsMeanAny() {
    CorsArgs a =
        ArgsFixture.bind("cors: {origins: ['*'], methods: ['*'], headers: ['*'], expose: ['*', X]}")
            .as(CorsArgs.class);
    assertThat(a.origins().any(), is(true));
    assertThat(a.methods(), is(empty()));
    assertThat(a.anyHeader(), is(true));
    assertThat(a.headers(), is(empty()));
    assertThat(a.expose(), is(List.of("*")));
    assertThat(a.credentials(), is(CorsArgs.DEFAULT_CREDENTIALS));
    assertThat(a.maxAge(), is(Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          cors | 3:7: /stacks/s/0: cors: origins is required, e.g. origins: ["https://app.example.com"]
          cors: {origins: []} | 3:23: /stacks/s/0/cors/origins: cors: origins is required, e.g. origins: ["https://app.example.com"]
          cors: {origins: ['*'], credentials: true} | 3:24: /stacks/s/0/cors/origins/0: cors: origins: "*" cannot be combined with credentials: true (browsers refuse it); list the origins
          cors: {origins: ['https://a.test'], expose: [X, '*'], credentials: true} | 3:55: /stacks/s/0/cors/expose/1: cors: expose: "*" means the header named "*" to browsers when credentials is true; list the headers
          cors: {origins: ['null']} | 3:24: /stacks/s/0/cors/origins/0: cors: the origin "null" cannot be allowed: sandboxed pages and files of any site send it
          cors: {origins: ['https://a.test', 'https://app.example.com/']} | 3:42: /stacks/s/0/cors/origins/1: cors: "https://app.example.com/" is not an origin: an origin has no path (drop the trailing '/')
          cors: {origins: ['https://app.example.com/api']} | 3:24: /stacks/s/0/cors/origins/0: cors: "https://app.example.com/api" is not an origin: an origin has no path
          cors: {origins: [app.example.com]} | 3:24: /stacks/s/0/cors/origins/0: cors: "app.example.com" is not an origin: write scheme://host[:port], e.g. https://app.example.com
          cors: {origins: ['https://app.*.example.com']} | 3:24: /stacks/s/0/cors/origins/0: cors: "https://app.*.example.com" is not an origin: '*' stands only for subdomains, as in https://*.example.com
          cors: {origins: ['https://*example.com']} | 3:24: /stacks/s/0/cors/origins/0: cors: "https://*example.com" is not an origin: '*' stands only for subdomains, as in https://*.example.com
          cors: {origins: ['https://*.com']} | 3:24: /stacks/s/0/cors/origins/0: cors: "https://*.com" would admit every site under a top-level domain; name a domain, as in https://*.example.com
          cors: {origins: ['https://a.test:70000']} | 3:24: /stacks/s/0/cors/origins/0: cors: "https://a.test:70000" is not an origin: the port is above 65535
          cors: {origins: ['https://a b.test']} | 3:24: /stacks/s/0/cors/origins/0: cors: "https://a b.test" is not an origin: write scheme://host[:port], e.g. https://app.example.com
          cors: {origins: ['https://a.test'], headers: [Ok, 'X Y']} | 3:57: /stacks/s/0/cors/headers/1: cors: "X Y" is not an HTTP token
          cors: {origins: ['https://a.test'], max-age: soon} | 3:52: /stacks/s/0/cors/max-age: cors: not a duration: "soon" (use 250ms, 30s, 2m, 1h)
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }
}
