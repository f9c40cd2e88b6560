package dev.sluice.problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}): type, title, status, detail,
 * instance and request_id, plus {@code errors} and other extension members.
 */
public final class Problems {
  /** The media type of every error the gateway makes. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * The most {@code errors} a body lists; the rest are counted in {@code errors_omitted}, so a
   * small request with thousands of mistakes cannot make a response many times its size.
   */
  static final int MAX_ERRORS = 100;

  private static final JsonFactory JSON = new JsonFactory();

  private Problems() {}

  /** The JSON body of a problem. */
  public static byte[] body(ProblemException p, String instance, String requestId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      Status s = p.status();
      g.writeStartObject();
      g.writeStringField("type", "about:blank");
      g.writeStringField("title", s.reasonPhrase());
      g.writeNumberField("status", s.code());
      if (p.detail() != null && !p.detail().isEmpty()) {
        g.writeStringField("detail", p.detail());
      }
      g.writeStringField("instance", instance);
      g.writeStringField("request_id", requestId);
      if (!p.errors().isEmpty()) {
        List<ProblemException.Violation> shown =
            p.errors().subList(0, Math.min(MAX_ERRORS, p.errors().size()));
        g.writeArrayFieldStart("errors");
        for (ProblemException.Violation v : shown) {
          g.writeStartObject();
          g.writeStringField(v.kind(), v.where());
          g.writeStringField("message", v.message());
          g.writeEndObject();
        }
        g.writeEndArray();
        if (shown.size() < p.errors().size()) {
          g.writeNumberField("errors_omitted", p.errors().size() - shown.size());
        }
      }
      for (Map.Entry<String, Object> e : p.extensions().entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A number, boolean, list or map (of these), or any other value as a string. */
  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    switch (v) {
      case Number n -> g.writeNumber(n.toString());
      case Boolean b -> g.writeBoolean(b);
      case List<?> list -> {
        g.writeStartArray();
        for (Object o : list) {
          writeValue(g, o);
        }
        g.writeEndArray();
      }
      case Map<?, ?> map -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          writeValue(g, e.getValue());
        }
        g.writeEndObject();
      }
      case null, default -> g.writeString(String.valueOf(v));
    }
  }
}
