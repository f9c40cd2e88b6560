package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;

/**
 * The baseline of {@code BARE=1 scripts/load_test.sh}: {@code GET /users/{id}} as the plainest
 * Helidon SE 4.5 + HikariCP program would serve it — one routing entry, a pool with HikariCP's
 * defaults, {@code prepareStatement}/{@code executeQuery}, the row written with Jackson's {@code
 * JsonGenerator}; no middleware, no logging, no metrics. It is what the issue's "bare handler"
 * figure describes, kept here so it is measured in the same run as Sluice. Not shipped (test
 * sources).
 *
 * <p>Usage: {@code java -cp target/test-classes:target/libs/* dev.sluice.bench.BareUsersServer PORT
 * JDBC_URL POOL_SIZE}
 */
public final class BareUsersServer {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String SQL = "SELECT id, name, email, created_at FROM users WHERE id = ?";

  private BareUsersServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[1]);
    config.setMaximumPoolSize(Integer.parseInt(args[2]));
    HikariDataSource pool = new HikariDataSource(config);
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .routing(r -> r.get("/users/{id}", (req, res) -> user(pool, req, res)))
            .build()
            .start();
    System.out.println("bare handler listening on " + server.port());
  }

  private static void user(HikariDataSource pool, ServerRequest req, ServerResponse res)
      throws Exception {
    long id;
    try {
      id = Long.parseLong(req.path().pathParameters().get("id"));
    } catch (NumberFormatException e) {
      res.status(Status.BAD_REQUEST_400).send();
      return;
    }
    byte[] body;
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          res.status(Status.NOT_FOUND_404).send();
          return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.writeStartObject();
          g.writeNumberField("id", rs.getLong(1));
          g.writeStringField("name", rs.getString(2));
          g.writeStringField("email", rs.getString(3));
          g.writeStringField("created_at", rs.getObject(4, OffsetDateTime.class).toString());
          g.writeEndObject();
        }
        body = out.toByteArray();
      }
    }
    res.header(HeaderValues.CONTENT_TYPE_JSON);
    res.send(body);
  }
}
