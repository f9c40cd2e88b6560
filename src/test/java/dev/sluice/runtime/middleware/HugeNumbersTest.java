package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.GatewayExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18: a number too large for a double ({@code 1e400}) in a JSON body is the client's mistake
 * — a 400 problem, never a 500 with a stack trace in the log — for body parameters of type integer
 * and number, and for a body schema with {@code multipleOf}.
 */
class HugeNumbersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of(BodyTestSupport.DIR.resolve("numbers/gateway.yaml"));

  private static String detail(HttpResponse<String> res) throws Exception {
    return JSON.readTree(res.body()).path("detail").asText();
  }

  @Test
  void anIntegerParameterRefusesANumberBeyondDouble() throws Exception {
    for (String n : new String[] {"1e400", "-1e400", "1E+309", "123.0e99999"}) {
      HttpResponse<String> res = gateway.postJson("/integer", "{\"n\":" + n + "}");
      assertThat(n + ": " + res.body(), res.statusCode(), is(400));
      assertThat(detail(res), containsString("too large"));
    }
  }

  @Test
  void aNumberParameterRefusesANumberBeyondDouble() throws Exception {
    HttpResponse<String> res = gateway.postJson("/number", "{\"n\":1e400}");
    assertThat(res.body(), res.statusCode(), is(400));
  }

  @Test
  void aSchemaWithMultipleOfRefusesANumberBeyondDouble() throws Exception {
    HttpResponse<String> res = gateway.postJson("/cents", "{\"amount\":1e400}");
    assertThat(res.body(), res.statusCode(), is(400));
  }

  @Test
  void largeButFiniteNumbersStillGetTheirOwnAnswers() throws Exception {
    HttpResponse<String> big = gateway.postJson("/integer", "{\"n\":1e300}");
    assertThat(big.body(), big.statusCode(), is(400));
    assertThat(
        big.body(),
        JSON.readTree(big.body()).at("/errors/0/message").asText(),
        containsString("from -9223372036854775808 to 9223372036854775807"));
    HttpResponse<String> cents = gateway.postJson("/cents", "{\"amount\":1e300}");
    assertThat(cents.body(), cents.statusCode(), is(400));
    HttpResponse<String> ok = gateway.postJson("/cents", "{\"amount\":12.34}");
    assertThat(ok.body(), ok.statusCode(), is(201));
    HttpResponse<String> number = gateway.postJson("/number", "{\"n\":1.5e300}");
    assertThat(number.body(), number.statusCode(), is(200));
    HttpResponse<String> integer = gateway.postJson("/integer", "{\"n\":4.2e1}");
    assertThat(integer.body(), integer.body(), is("{\"n\":42}"));
  }
}
