package dev.sluice.runtime.middleware;

import static dev.sluice.runtime.middleware.RawHttp.head;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.GatewayExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies a parser could read more than one way are refused with 400 problem+json, never a 500 or a
 * guess: broken chunked framing, content after the JSON, a key given twice, malformed UTF-8. (POST
 * /users of the body test config: json-schema with schemas/user-create.json.)
 */
class MalformedBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHUNKED =
      "the request body's chunked encoding is malformed: each chunk must start with its size in"
          + " hexadecimal and CRLF (chunk extensions are not accepted)";
  @RegisterExtension static final GatewayExtension gateway = BodyTestSupport.gateway();

  private static RawHttp.Received chunked(String chunks) throws Exception {
    return RawHttp.send(
        gateway.port(),
        head("POST /users HTTP/1.1", "Content-Type: application/json", "Transfer-Encoding: chunked")
            + chunks,
        1);
  }

  private static RawHttp.Response post(byte[] body) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        head(
                "POST /users HTTP/1.1",
                "Content-Type: application/json",
                "Content-Length: " + body.length)
            .getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(body);
    return RawHttp.send(gateway.port(), request.toByteArray(), 1).only();
  }

  private static RawHttp.Response post(String body) throws Exception {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String detail(RawHttp.Response r) throws Exception {
    assertThat(r.header("Content-Type").orElseThrow(), is("application/problem+json"));
    return JSON.readTree(r.body()).path("detail").asText();
  }

  @Test
  void aChunkSizeThatIsNotHexIsA400AndTheConnectionCloses() throws Exception {
    for (String size : new String[] {"ZZ", "-5", "FFFFFFFFFFFFFFFF", ""}) {
      RawHttp.Received got = chunked(size + "\r\n{}\r\n0\r\n\r\n");
      assertThat(size, got.only().status(), is(400));
      assertThat(size, detail(got.only()), is(CHUNKED));
      assertThat(size, got.closed(), is(true));
    }
  }

  @Test
  void aChunkExtensionIsRefusedWithAReason() throws Exception {
    String body = "{\"name\":\"Chunk\",\"email\":\"chunk@example.com\"}";
    RawHttp.Received got =
        chunked(Integer.toHexString(body.length()) + ";name=value\r\n" + body + "\r\n0\r\n\r\n");
    assertThat(got.only().status(), is(400));
    assertThat(detail(got.only()), is(CHUNKED));
  }

  @Test
  void contentAfterTheJsonValueIsNotValidJson() throws Exception {
    for (String body :
        new String[] {
          "{\"name\":\"a\",\"email\":\"a@example.com\"}}",
          "{\"name\":\"a\",\"email\":\"a@example.com\"} xyz",
          "{\"name\":\"a\",\"email\":\"a@example.com\"}{\"name\":\"b\",\"email\":\"b@example.com\"}"
        }) {
      RawHttp.Response r = post(body);
      assertThat(body, r.status(), is(400));
      assertThat(body, detail(r), startsWith("the request body is not valid JSON (line 1, column"));
    }
  }

  @Test
  void aKeyGivenTwiceIsNotValidJson() throws Exception {
    RawHttp.Response r = post("{\"name\":\"a\",\"email\":\"a@example.com\",\"name\":\"b\"}");
    assertThat(r.status(), is(400));
    assertThat(detail(r), startsWith("the request body is not valid JSON (line 1, column"));
  }

  @Test
  void malformedUtf8IsRefusedWithTheByteOffset() throws Exception {
    // {"name":"a<overlong '/'>b", ...}: Jackson alone would read the overlong form as '/'
    byte[] prefix = "{\"name\":\"a".getBytes(StandardCharsets.UTF_8);
    byte[] rest = "b\",\"email\":\"o@example.com\"}".getBytes(StandardCharsets.UTF_8);
    for (String bad : new String[] {"c0af", "e080af", "eda080", "f4908080", "ff"}) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(prefix);
      body.writeBytes(HexFormat.of().parseHex(bad));
      body.writeBytes(rest);
      RawHttp.Response r = post(body.toByteArray());
      assertThat(bad, r.status(), is(400));
      assertThat(
          bad,
          detail(r),
          is(
              "the request body is not valid UTF-8 (byte "
                  + prefix.length
                  + "); JSON must be sent as UTF-8"));
    }
  }

  @Test
  void utf16JsonIsRefusedNotDecoded() throws Exception {
    RawHttp.Response r =
        post("{\"name\":\"a\",\"email\":\"u16@example.com\"}".getBytes(StandardCharsets.UTF_16BE));
    assertThat(r.status(), is(400));
    assertThat(
        detail(r),
        is("the request body is not valid UTF-8 (byte 0, a NUL); JSON must be sent as UTF-8"));
  }

  @Test
  void thousandsOfMistakesListAHundred() throws Exception {
    StringBuilder body = new StringBuilder("{\"name\":\"a\",\"email\":\"a@example.com\"");
    for (int i = 0; i < 250; i++) {
      body.append(",\"k").append(i).append("\":1");
    }
    RawHttp.Response r = post(body.append('}').toString());
    assertThat(r.status(), is(400));
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.path("detail").asText(), startsWith("the request body does not match"));
    assertThat(problem.path("errors").size(), is(100));
    assertThat(problem.path("errors_omitted").asInt(), is(150));
  }
}
