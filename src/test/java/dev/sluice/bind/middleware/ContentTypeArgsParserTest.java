package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.ContentTypeArgs;
import dev.sluice.spec.ContentTypeArgs.MediaRange;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypeArgsParserTest {
  @Test
  void typesAndRangesInLowerCase() {
    ContentTypeArgs a =
        ArgsFixture.bind("content-type: {allow: [Application/JSON, 'text/*']}")
            .as(ContentTypeArgs.class);
    assertThat(
        a.allow(), is(List.of(new MediaRange("application", "json"), new MediaRange("text", "*"))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          content-type | 3:7: /stacks/s/0: content-type: allow must list at least one media type
          content-type: {allow: []} | 3:29: /stacks/s/0/content-type/allow: content-type: allow must list at least one media type
          content-type: {allow: ['text/*', text/plain]} | 3:40: /stacks/s/0/content-type/allow/1: content-type: allow lists text/* and text/plain, which overlap; keep one of them
          content-type: {allow: [text/plain, 'text/*']} | 3:42: /stacks/s/0/content-type/allow/1: content-type: allow lists text/plain and text/*, which overlap; keep one of them
          content-type: {allow: ['*/*']} | 3:30: /stacks/s/0/content-type/allow/0: content-type: "*/*" would accept every media type; leave content-type out instead
          content-type: {allow: [json]} | 3:30: /stacks/s/0/content-type/allow/0: content-type: "json" is not a media type (application/json) or range (text/*)
          content-type: {allow: ['text/html; charset=utf-8']} | 3:30: /stacks/s/0/content-type/allow/0: content-type: "text/html; charset=utf-8" is not a media type (application/json) or range (text/*)
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }
}
