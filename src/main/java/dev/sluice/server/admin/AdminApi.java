package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.http.ClientAddresses;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Guard;
import dev.sluice.runtime.http.RequestIds;
import dev.sluice.server.reload.ReloadOutcome;
import dev.sluice.server.reload.Reloader;
import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.ConfigError;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The admin API, on a listener of its own ({@code admin:} in gateway.yaml):
 *
 * <ul>
 *   <li>{@code GET /admin/routes}: the resolved route table (as {@code sluice routes --format
 *       json}).
 *   <li>{@code GET /admin/config}: the configuration serving, every secret redacted, with its hash,
 *       when it was loaded and how the last reload went.
 *   <li>{@code POST /admin/reload}: reloads now: 200 with the new hash, or 422 with every error.
 * </ul>
 *
 * <p>Every request runs through the {@code admin.stack} middleware of the runtime serving (e.g.
 * {@code auth} with an API key). A request whose {@code Host} is neither the listener's address nor
 * {@code localhost} is refused with 403, so a web page cannot reach the API through DNS rebinding.
 */
public final class AdminApi implements Handler {
  private static final JsonFactory JSON = new JsonFactory();
  private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);

  private final Supplier<GatewayRuntime> runtime;
  private final Reloader reloader;
  private final Set<String> hosts;

  private AdminApi(Supplier<GatewayRuntime> runtime, Reloader reloader, Set<String> hosts) {
    this.runtime = runtime;
    this.reloader = reloader;
    this.hosts = hosts;
  }

  /** The API for the listener of {@code spec}. */
  public static AdminApi of(AdminSpec spec, Supplier<GatewayRuntime> runtime, Reloader reloader) {
    String host = unbracket(spec.host().toLowerCase(Locale.ROOT));
    Set<String> hosts =
        host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost")
            ? Set.of("127.0.0.1", "::1", "localhost")
            : Set.of(host, "localhost");
    return new AdminApi(runtime, reloader, hosts);
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    long start = System.nanoTime();
    GatewayRuntime now = runtime.get();
    while (!now.enter()) {
      now = runtime.get();
    }
    try {
      String id = RequestIds.settle(req.headers().first(REQUEST_ID).orElse(""));
      Exchange ex = new Exchange(req, res, id, ClientAddresses.of(List.of()).resolve(req), start);
      ex.response().header(REQUEST_ID, id);
      ex.bind();
      try {
        GatewayRuntime serving = now;
        Guard.around(
                e -> {
                  checkHost(e);
                  serving.admin(e, this::endpoint);
                })
            .handle(ex);
      } finally {
        ex.unbind();
      }
    } finally {
      now.exit();
    }
  }

  private void checkHost(Exchange ex) {
    String host = ex.request().headers().first(HeaderNames.HOST).orElse("");
    if (!hosts.contains(hostPart(host))) {
      throw new ProblemException(
          Status.FORBIDDEN_403,
          "the admin API answers requests for its own address or localhost only");
    }
  }

  /** {@code "[::1]:9901"} → {@code "::1"}, {@code "localhost:9901"} → {@code "localhost"}. */
  static String hostPart(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h : h.substring(1, close);
    }
    int colon = h.indexOf(':');
    return colon < 0 || h.indexOf(':', colon + 1) >= 0 ? h : h.substring(0, colon);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private void endpoint(Exchange ex) throws IOException {
    Method method = ex.request().prologue().method();
    String path = ex.request().path().path();
    switch (path) {
      case "/admin/routes" -> {
        allow(method, Method.GET, "GET, HEAD");
        sendJson(ex, Status.OK_200, g -> RouteTableView.writeJson(g, runtime.get().routes()));
      }
      case "/admin/config" -> {
        allow(method, Method.GET, "GET, HEAD");
        sendJson(ex, Status.OK_200, this::writeConfig);
      }
      case "/admin/reload" -> {
        allow(method, Method.POST, "POST");
        reload(ex);
      }
      default ->
          throw new ProblemException(
              Status.NOT_FOUND_404,
              "no admin endpoint "
                  + path
                  + "; there are GET /admin/routes, GET /admin/config and POST /admin/reload");
    }
  }

  private static void allow(Method method, Method expected, String allow) {
    boolean ok =
        method.equals(expected) || (expected.equals(Method.GET) && method.equals(Method.HEAD));
    if (!ok) {
      throw new ProblemException(
              Status.METHOD_NOT_ALLOWED_405,
              "method " + method.text() + " is not allowed here; allowed: " + allow)
          .header("Allow", allow);
    }
  }

  private void reload(Exchange ex) throws IOException {
    ReloadOutcome outcome = reloader.reload("admin");
    if (outcome instanceof ReloadOutcome.Rejected r) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (ConfigError e : r.errors()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", e.file());
        m.put("line", e.line());
        m.put("column", e.column());
        m.put("pointer", e.pointer());
        m.put("message", e.message());
        errors.add(m);
      }
      throw new ProblemException(
              Status.create(422, "Unprocessable Content"),
              "the configuration is invalid ("
                  + errors.size()
                  + (errors.size() == 1 ? " error" : " errors")
                  + "); the configuration serving keeps serving")
          .extension("config_hash", r.hash())
          .extension("errors", errors);
    }
    sendJson(ex, Status.OK_200, g -> writeOutcome(g, outcome));
  }

  private static void writeOutcome(JsonGenerator g, ReloadOutcome outcome) throws IOException {
    g.writeStartObject();
    switch (outcome) {
      case ReloadOutcome.Applied a -> {
        g.writeStringField("result", "applied");
        g.writeStringField("config_hash", a.hash());
        g.writeStringField("previous_hash", a.previous());
        g.writeArrayFieldStart("restart_required");
        for (String key : a.restartRequired()) {
          g.writeString(key);
        }
        g.writeEndArray();
      }
      case ReloadOutcome.Unchanged u -> {
        g.writeStringField("result", "unchanged");
        g.writeStringField("config_hash", u.hash());
      }
      case ReloadOutcome.Rejected r -> {
        g.writeStringField("result", "rejected");
        g.writeStringField("config_hash", r.hash());
        g.writeNumberField("errors", r.errors().size());
      }
    }
    g.writeEndObject();
  }

  private void writeConfig(JsonGenerator g) throws IOException {
    GatewayRuntime now = runtime.get();
    Reloader.Status status = reloader.status();
    g.writeStartObject();
    g.writeStringField("config_hash", now.snapshot().hash());
    g.writeStringField("loaded_at", status.loadedAt().toString());
    g.writeArrayFieldStart("files");
    for (String f : now.snapshot().files()) {
      g.writeString(f);
    }
    g.writeEndArray();
    g.writeFieldName("last_reload");
    if (status.last() == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      g.writeStringField("trigger", status.trigger());
      g.writeFieldName("outcome");
      writeOutcome(g, status.last());
      if (status.last() instanceof ReloadOutcome.Rejected r) {
        g.writeArrayFieldStart("errors");
        for (ConfigError e : r.errors()) {
          g.writeString(e.format());
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeFieldName("gateway");
    ConfigView.write(g, now.snapshot().gateway());
    g.writeFieldName("routes");
    ConfigView.write(g, now.snapshot().routes());
    g.writeEndObject();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static void sendJson(Exchange ex, Status status, Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    }
    ex.response().status(status);
    ex.response().header(HeaderValues.CONTENT_TYPE_JSON);
    ex.response().header(HeaderNames.CACHE_CONTROL, "no-store");
    ex.send(out.toByteArray());
  }
}
