package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.files.FileReading;
import dev.sluice.router.PathTemplate;
import dev.sluice.spec.Origin;
import dev.sluice.sqltext.NamedSql;
import dev.sluice.units.Durations;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Writes the effective configuration — the validated spec records, after {@code ${VAR}}
 * substitution and defaults — as JSON for {@code GET /admin/config}: record components become
 * kebab-case keys as in the files, durations and sizes their written form, paths relative to the
 * working directory, and every secret redacted ({@link Redaction}). Where a value was written
 * ({@code Origin}) is left out.
 */
final class ConfigView {
  private static final ObjectMapper TREES = new ObjectMapper();

  private ConfigView() {}

  static void write(JsonGenerator g, Object value) throws IOException {
    write(g, "", value);
  }

  private static void write(JsonGenerator g, String key, Object value) throws IOException {
    if (value instanceof Optional<?> o) {
      if (o.isPresent()) {
        write(g, key, o.get());
      } else {
        g.writeNull();
      }
      return;
    }
    if (value != null && !key.isEmpty() && Redaction.secretKey(key)) {
      g.writeString(Redaction.REDACTED);
      return;
    }
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(Redaction.text(s));
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Number n -> g.writeNumber(n.toString());
      case OptionalInt i -> {
        if (i.isPresent()) {
          g.writeNumber(i.getAsInt());
        } else {
          g.writeNull();
        }
      }
      case Enum<?> e -> g.writeString(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      case Duration d -> g.writeString(Durations.format(d));
      case Path p -> g.writeString(FileReading.displayName(p));
      case URI u -> g.writeString(Redaction.text(u.toString()));
      case Pattern p -> g.writeString(p.pattern());
      case PathTemplate t -> g.writeString(t.template());
      case NamedSql q -> g.writeString(q.jdbcSql());
      case JsonNode n -> TREES.writeTree(g, redacted(n));
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          write(g, String.valueOf(e.getKey()), e.getValue());
        }
        g.writeEndObject();
      }
      case Collection<?> c -> {
        g.writeStartArray();
        for (Object o : c) {
          write(g, key, o);
        }
        g.writeEndArray();
      }
      case Record r -> record(g, r);
      default -> g.writeString(Redaction.text(String.valueOf(value)));
    }
  }

  private static void record(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue; // not public: not part of the configuration's shape
      }
      if (v instanceof Origin || (v instanceof Optional<?> o && o.isEmpty())) {
        continue;
      }
      String key = kebab(c.getName());
      g.writeFieldName(key);
      write(g, key, v);
    }
    g.writeEndObject();
  }

  /** A copy of {@code n} with secret members and URL user-info redacted. */
  private static JsonNode redacted(JsonNode n) {
    if (n.isTextual()) {
      return TREES.getNodeFactory().textNode(Redaction.text(n.textValue()));
    }
    if (n.isArray()) {
      ArrayNode a = TREES.createArrayNode();
      n.forEach(e -> a.add(redacted(e)));
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = TREES.createObjectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        o.set(
            e.getKey(),
            Redaction.secretKey(e.getKey())
                ? TREES.getNodeFactory().textNode(Redaction.REDACTED)
                : redacted(e.getValue()));
      }
      return o;
    }
    return n;
  }

  /** {@code drainDelay} → {@code drain-delay}. */
  static String kebab(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        b.append('-').append(Character.toLowerCase(ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
