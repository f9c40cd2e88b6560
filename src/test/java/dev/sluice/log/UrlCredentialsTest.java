package dev.sluice.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class UrlCredentialsTest {
  @Test
  void userInfoBecomesStars() {
    assertEquals(
        "redis.url is not a Redis URL: Illegal character at index 23: redis://***@redis host:6379",
        UrlCredentials.strip(
            "redis.url is not a Redis URL: Illegal character at index 23:"
                + " redis://:S3cr3tPw@redis host:6379"));
    assertEquals(
        "http://***@collector:4318/v1/traces",
        UrlCredentials.strip("http://otel:Pa55@word@collector:4318/v1/traces"));
    assertEquals(
        "a rediss://***@h/0 and http://***@x/",
        UrlCredentials.strip("a rediss://u:p@h/0 and http://q@x/"));
  }

  @Test
  void secretQueryParametersAreMasked() {
    assertEquals(
        "jdbc:postgresql://db:5432/app?user=app&password=***&sslmode=require",
        UrlCredentials.strip(
            "jdbc:postgresql://db:5432/app?user=app&password=S3cr3t&sslmode=require"));
    assertEquals(
        "\"https://h/cb?access_token=***\"",
        UrlCredentials.strip("\"https://h/cb?access_token=abc\""));
  }

  @Test
  void textWithoutCredentialsIsUntouched() {
    String plain = "no url here, just admin@example.com";
    assertSame(plain, UrlCredentials.strip(plain));
    assertEquals(
        "http://host:8080/users?email=a@b.com see http://x/",
        UrlCredentials.strip("http://host:8080/users?email=a@b.com see http://x/"));
  }

  @Test
  void logLinesOfBothFormatsCarryNoUrlPassword() {
    LogRecord r = new LogRecord(Level.WARNING, "cannot connect to redis://:S3cr3tPw@cache:6379");
    r.setLoggerName("sluice.test");
    r.setParameters(
        new Object[] {Fields.of("url", "jdbc:postgresql://db/app?password=S3cr3tPw", "n", 1)});
    r.setThrown(new IllegalArgumentException("bad URL redis://:S3cr3tPw@cache:6379"));
    for (java.util.logging.Formatter f :
        new java.util.logging.Formatter[] {new JsonFormatter(), new TextFormatter()}) {
      String line = f.format(r);
      assertTrue(!line.contains("S3cr3tPw"), line);
      assertTrue(line.contains("redis://***@cache:6379"), line);
    }
  }
}
