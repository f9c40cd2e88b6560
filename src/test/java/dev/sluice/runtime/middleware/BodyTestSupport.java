package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.testing.GatewayExtension;
import dev.sluice.testing.RunningGateway;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The body tests' gateway (configs/body), their broken configs, and problem assertions. */
final class BodyTestSupport {
  static final Path DIR = Path.of("src/test/resources/configs/body");
  private static final ObjectMapper JSON = new ObjectMapper();

  private BodyTestSupport() {}

  /** configs/body served the way {@code serve} serves it, for a {@code @RegisterExtension}. */
  static GatewayExtension gateway() {
    return GatewayExtension.of(DIR.resolve("gateway.yaml"));
  }

  /**
   * configs/body served the way {@code serve} serves it.
   *
   * @deprecated register {@link #gateway()} instead
   */
  @Deprecated
  static RunningGateway start() throws Exception {
    return RunningGateway.start(DIR.resolve("gateway.yaml"), Map.of());
  }

  /**
   * The formatted errors of loading {@code configs/body/<name>/gateway.yaml}: the schema's, and the
   * middleware arguments' (checked when the file is bound).
   */
  static List<String> loadErrors(String name) throws Exception {
    LoadResult r = load(name);
    return r instanceof LoadResult.Invalid i ? format(i.errors()) : List.of();
  }

  private static LoadResult load(String name) throws Exception {
    return new ConfigLoader(Environment.system()).load(DIR.resolve(name).resolve("gateway.yaml"));
  }

  private static List<String> format(List<ConfigError> errors) {
    return errors.stream().map(ConfigError::format).toList();
  }

  /** Asserts the headers every problem has, and its whole body. */
  static void assertProblem(
      RawHttp.Response r,
      int status,
      String title,
      String detail,
      String instance,
      String requestId)
      throws Exception {
    assertProblem(r, problem(status, title, detail, instance, requestId));
  }

  static void assertProblem(RawHttp.Response r, JsonNode expected) throws Exception {
    assertThat(r.status(), is(expected.path("status").asInt()));
    assertThat(r.header("Content-Type").orElseThrow(), is("application/problem+json"));
    assertThat(r.header("Cache-Control").orElseThrow(), is("no-store"));
    assertThat(JSON.readTree(r.body()), is(expected));
  }

  static ObjectNode problem(
      int status, String title, String detail, String instance, String requestId) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    p.put("instance", instance);
    p.put("request_id", requestId);
    return p;
  }
}
