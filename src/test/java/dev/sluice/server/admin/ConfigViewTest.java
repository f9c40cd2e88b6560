package dev.sluice.server.admin;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigSnapshot;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigViewTest {
  static JsonNode view(Object value) throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      ConfigView.write(g, value);
    }
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void theShippedConfigRendersWithItsKeysAsWritten() throws Exception {
    LoadResult r =
        new ConfigLoader(
                Environment.of(
                    Map.of(
                        "SLUICE_DB_PASSWORD",
                        "pw-in-env",
                        "SLUICE_API_KEY_SHA256",
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")))
            .load(Path.of("config/gateway.yaml"));
    ConfigSnapshot s = ((LoadResult.Loaded) r).snapshot();
    JsonNode v = view(s.gateway());
    assertThat(v.path("server").path("shutdown-grace").isMissingNode(), is(true));
    assertThat(v.path("server").path("grace").asText(), is("30s"));
    assertThat(v.path("datasources").path("main").path("password").asText(), is("<redacted>"));
    assertThat(v.path("rate-limits").path("login").path("period").asText(), is("1m"));
    assertThat(view(s.routes()).isArray(), is(true));
  }

  @Test
  void urlsLoseTheirUserInfoAndPasswordParameters() {
    assertThat(
        Redaction.text("redis://:S3cr3tPw@host:6379/0"), is("redis://<redacted>@host:6379/0"));
    assertThat(Redaction.text("rediss://user:pw@host"), is("rediss://<redacted>@host"));
    assertThat(
        Redaction.text("jdbc:postgresql://u:pw@db:5432/x?user=u&password=pw&sslpassword=k"),
        is(
            "jdbc:postgresql://<redacted>@db:5432/x?user=u&password=<redacted>&sslpassword=<redacted>"));
    assertThat(
        Redaction.text("http://collector:4318/v1/traces"), is("http://collector:4318/v1/traces"));
  }

  @Test
  void secretKeysAreKnownByTheirName() {
    assertThat(Redaction.secretKey("password"), is(true));
    assertThat(Redaction.secretKey("secret"), is(true));
    assertThat(Redaction.secretKey("sha256"), is(true));
    assertThat(Redaction.secretKey("client-secret"), is(true));
    assertThat(Redaction.secretKey("key"), is(false)); // a rate-limit policy's key: client-ip
    assertThat(Redaction.secretKey("url"), is(false));
  }
}
