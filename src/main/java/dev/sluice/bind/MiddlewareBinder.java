package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.MiddlewareSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binds a schema-checked middleware list ({@code - name} or {@code - name: {args}}) to specs. */
final class MiddlewareBinder {
  private MiddlewareBinder() {}

  static List<MiddlewareSpec> bind(YamlDocument doc, String pointer) {
    JsonNode list = doc.root().at(pointer);
    java.nio.file.Path dir = java.nio.file.Path.of(doc.file()).toAbsolutePath().getParent();
    List<MiddlewareSpec> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String itemPointer = pointer + "/" + i;
      if (item.isTextual()) {
        out.add(
            new MiddlewareSpec(
                item.asText(),
                JsonNodeFactory.instance.objectNode(),
                doc.origin(itemPointer),
                dir));
      } else {
        Map.Entry<String, JsonNode> only = item.properties().iterator().next();
        JsonNode args =
            only.getValue().isNull() ? JsonNodeFactory.instance.objectNode() : only.getValue();
        String argsPointer = itemPointer + "/" + escape(only.getKey());
        out.add(new MiddlewareSpec(only.getKey(), args, doc.origin(argsPointer), dir));
      }
    }
    return out;
  }

  /** RFC 6901 escaping of one pointer token. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
