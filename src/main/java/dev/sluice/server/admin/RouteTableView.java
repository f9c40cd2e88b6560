package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.runtime.RuntimeRoute;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.SqlSpec;
import dev.sluice.spec.StaticSpec;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The resolved route table as {@code sluice routes} prints it and {@code GET /admin/routes} sends
 * it: method, path, id, stack (with its middleware in order, then the route's own), handler.
 */
public final class RouteTableView {
  private RouteTableView() {}

  /** One route's row: method, path, id, stack, handler. */
  public static String[] row(RuntimeRoute r) {
    RouteSpec s = r.spec();
    return new String[] {s.method(), s.path().template(), s.id(), stack(r), handler(s)};
  }

  /**
   * "public (request-id, access-log) + body-size": the stack's middleware, then the route's own.
   */
  static String stack(RuntimeRoute r) {
    List<String> stack = stackMiddleware(r);
    List<String> added = ownMiddleware(r);
    return r.spec().stack()
        + " ("
        + String.join(", ", stack)
        + ")"
        + (added.isEmpty() ? "" : " + " + String.join(", ", added));
  }

  private static List<String> stackMiddleware(RuntimeRoute r) {
    return r.middleware().subList(0, r.middleware().size() - r.spec().middleware().size());
  }

  private static List<String> ownMiddleware(RuntimeRoute r) {
    int own = r.spec().middleware().size();
    return r.middleware().subList(r.middleware().size() - own, r.middleware().size());
  }

  /** "sql main one", "static 200", "proxy orders /v2/orders/{rest}". */
  static String handler(RouteSpec s) {
    return switch (s.handler()) {
      case StaticSpec st -> "static " + st.status();
      case SqlSpec sql ->
          "sql "
              + sql.datasource()
              + " "
              + sql.result().name().toLowerCase(Locale.ROOT)
              + (sql.status() == 200 ? "" : " " + sql.status());
      case dev.sluice.spec.ProxySpec p ->
          "proxy "
              + (p.upstream().name().startsWith("url:")
                  ? p.upstream().targets().get(0).toString()
                  : p.upstream().name())
              + p.rewrite().map(t -> " " + t.template()).orElse("");
    };
  }

  /**
   * The routes as a JSON array of {@code {method, path, id, stack, middleware, route_middleware,
   * handler}}.
   */
  public static void writeJson(JsonGenerator g, List<RuntimeRoute> routes) throws IOException {
    g.writeStartArray();
    for (RuntimeRoute r : routes) {
      RouteSpec s = r.spec();
      g.writeStartObject();
      g.writeStringField("method", s.method());
      g.writeStringField("path", s.path().template());
      g.writeStringField("id", s.id());
      g.writeStringField("stack", s.stack());
      g.writeArrayFieldStart("middleware");
      for (String m : stackMiddleware(r)) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("route_middleware");
      for (String m : ownMiddleware(r)) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeStringField("handler", handler(s));
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
