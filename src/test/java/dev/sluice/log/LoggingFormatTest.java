package dev.sluice.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LoggingFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LogRecord record(Level level, String msg, Object... kv) {
    LogRecord r = new LogRecord(level, msg);
    r.setLoggerName("sluice.test");
    r.setParameters(new Object[] {Fields.of(kv)});
    return r;
  }

  private static JsonNode json(LogRecord r) throws Exception {
    String line = new JsonFormatter().format(r);
    assertTrue(line.endsWith("}\n"), line);
    assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
    return JSON.readTree(line);
  }

  @Test
  void writesTheStandardMembersThenTheFieldsInOrder() throws Exception {
    LogRecord r = record(Level.INFO, "request", "status", 200, "bytes", 17L, "path", "/users/1");
    r.setInstant(Instant.parse("2026-11-26T04:48:24.123Z"));
    String line = new JsonFormatter().format(r);
    assertEquals(
        "{\"ts\":\"2026-11-26T04:48:24.123Z\",\"level\":\"INFO\",\"logger\":\"sluice.test\","
            + "\"msg\":\"request\",\"status\":200,\"bytes\":17,\"path\":\"/users/1\"}\n",
        line);
  }

  @Test
  void timestampsAlwaysCarryMillisecondsInUtc() throws Exception {
    for (String ts :
        new String[] {
          "2026-11-26T04:48:24.000Z",
          "2026-11-26T04:48:24.007Z",
          "2026-11-26T04:48:24.070Z",
          "1969-12-31T23:59:59.999Z",
          "2026-11-26T04:48:25.500Z"
        }) {
      LogRecord r = record(Level.INFO, "x");
      r.setInstant(Instant.parse(ts));
      assertEquals(ts, json(r).get("ts").asText());
    }
  }

  @Test
  void escapesQuotesBackslashesAndControlCharactersInKeysAndValues() throws Exception {
    String nasty = "a\"b\\c\nd\re\tf\u0001g\u001f\u2028 é 😀";
    JsonNode n = json(record(Level.WARNING, "said \"hi\"\n", "k\"ey", nasty, "path", "/x\\y"));
    assertEquals(nasty, n.get("k\"ey").asText());
    assertEquals("/x\\y", n.get("path").asText());
    assertEquals("said \"hi\"\n", n.get("msg").asText());
    assertEquals("WARN", n.get("level").asText());
  }

  @Test
  void numbersBooleansAndNullKeepTheirJsonTypes() throws Exception {
    JsonNode n =
        json(
            record(
                Level.INFO,
                "x",
                "int",
                7,
                "long",
                Long.MAX_VALUE,
                "double",
                1.25,
                "decimal",
                new BigDecimal("2.5"),
                "nan",
                Double.NaN,
                "flag",
                true,
                "none",
                null,
                "other",
                java.util.List.of(1)));
    assertTrue(n.get("int").isIntegralNumber());
    assertEquals(Long.MAX_VALUE, n.get("long").asLong());
    assertEquals(1.25, n.get("double").asDouble());
    assertEquals("2.5", n.get("decimal").asText());
    assertTrue(n.get("decimal").isNumber());
    assertEquals("NaN", n.get("nan").asText());
    assertTrue(n.get("flag").asBoolean());
    assertTrue(n.get("none").isNull());
    assertEquals("[1]", n.get("other").asText());
  }

  @Test
  void aThrownExceptionBecomesTheErrorMemberWithItsTrace() throws Exception {
    LogRecord r = record(Level.SEVERE, "failed");
    r.setThrown(new IllegalStateException("boom"));
    JsonNode n = json(r);
    assertEquals("ERROR", n.get("level").asText());
    assertTrue(n.get("error").asText().startsWith("java.lang.IllegalStateException: boom\n"));
  }

  @Test
  void aFieldNamedLikeAStandardMemberDoesNotDuplicateIt() throws Exception {
    String line = new JsonFormatter().format(record(Level.INFO, "real", "msg", "fake", "ts", 1));
    JsonNode n = JSON.readTree(line);
    assertEquals("real", n.get("msg").asText());
    assertEquals("fake", n.get("msg_field").asText());
    assertEquals(1, n.get("ts_field").asInt());
    assertEquals(1, line.split("\"msg\":", -1).length - 1, line);
  }

  @Test
  void exactNumbersKeepTheirDigits() throws Exception {
    JsonNode n =
        json(
            record(
                Level.INFO,
                "x",
                "big",
                new java.math.BigInteger("123456789012345678901234567890"),
                "byte",
                (byte) 7));
    assertEquals("123456789012345678901234567890", n.get("big").bigIntegerValue().toString());
    assertTrue(n.get("byte").isIntegralNumber());
  }

  @Test
  void aTrailingKeyWithoutValueIsIgnored() throws Exception {
    JsonNode n = json(record(Level.INFO, "x", "a", 1, "dangling"));
    assertEquals(1, n.get("a").asInt());
    assertFalse(n.has("dangling"));
  }

  @Test
  void textFormatShowsTheFieldsAsKeyValuePairs() {
    LogRecord r = record(Level.INFO, "started", "port", 8080, "host", "0.0.0.0");
    String line = new TextFormatter().format(r);
    assertTrue(line.endsWith(" INFO  sluice.test started port=8080 host=0.0.0.0\n"), line);
  }

  /** Issue 18: a CR/LF in a value (a database error quoting the input) must not forge a line. */
  @Test
  void textFormatCannotBeForgedByACarriageReturnAndLineFeedInAValue() {
    String forged = "1\r\n2026-11-26T01:02:03Z INFO  sluice.access request status=200";
    LogRecord r = record(Level.WARNING, "statement failed", "message", forged, "route", "r");
    String line = new TextFormatter().format(r);
    assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
    assertFalse(line.contains("\r"), line);
    assertTrue(
        line.endsWith(
            " WARN  sluice.test statement failed message=\"1\\r\\n2026-11-26T01:02:03Z INFO "
                + " sluice.access request status=200\" route=r\n"),
        line);
  }

  @Test
  void textFormatQuotesValuesWithSpacesEqualsSignsQuotesOrBackslashes() {
    LogRecord r =
        record(
            Level.INFO,
            "x",
            "plain",
            "/users/1",
            "space",
            "a b",
            "eq",
            "a=b",
            "quote",
            "say \"hi\"",
            "backslash",
            "C:\\dir",
            "empty",
            "",
            "tab",
            "a\tb",
            "nel",
            "a\u0085b\u2028c\u007fd");
    String line = new TextFormatter().format(r);
    assertTrue(
        line.endsWith(
            " x plain=/users/1 space=\"a b\" eq=\"a=b\" quote=\"say \\\"hi\\\"\""
                + " backslash=\"C:\\\\dir\" empty=\"\" tab=\"a\\tb\""
                + " nel=\"a\\u0085b\\u2028c\\u007fd\"\n"),
        line);
  }

  @Test
  void textFormatEscapesTheMessageAndIndentsEveryLineOfATrace() {
    LogRecord r = record(Level.SEVERE, "failed\nforged line");
    r.setThrown(new IllegalStateException("boom\r\n2026-11-26T01:02:03Z INFO  forged"));
    String text = new TextFormatter().format(r);
    String[] lines = text.split("\n", -1);
    assertTrue(lines[0].endsWith(" ERROR sluice.test failed\\nforged line"), lines[0]);
    for (int i = 1; i < lines.length - 1; i++) {
      assertTrue(lines[i].startsWith("\t"), "continuation line " + i + ": " + lines[i]);
    }
    assertEquals("\tjava.lang.IllegalStateException: boom", lines[1]);
    assertEquals("\t2026-11-26T01:02:03Z INFO  forged", lines[2]); // indented: not a record
    assertEquals("", lines[lines.length - 1]);
  }
}
