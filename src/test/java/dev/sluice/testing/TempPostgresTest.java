package dev.sluice.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The throwaway cluster: stop, start again on the same port, and nothing left behind. */
class TempPostgresTest {
  @BeforeAll
  static void available() {
    TempPostgres.assumeAvailable();
  }

  @Test
  void stopsAndStartsOnTheSamePortThenCloseLeavesNothingBehind() throws Exception {
    boolean sharedUp = accepts(5432);
    long t0 = System.nanoTime();
    TempPostgres pg = TempPostgres.create();
    long created = System.nanoTime();
    Path dir = pg.dataDir().getParent();
    String dataDir = pg.dataDir().toString();
    try {
      assertThat(pg.port(), is(not(5432)));
      assertThat(
          pg.jdbcUrl(), is("jdbc:postgresql://127.0.0.1:" + pg.port() + "/sluice?user=postgres"));
      assertThat(query(pg, "SELECT current_database()"), is("sluice"));
      assertThat(query(pg, "SELECT current_setting('port')"), is(String.valueOf(pg.port())));
      assertThat(query(pg, "SELECT current_setting('fsync')"), is("off"));
      pg.exec("CREATE TABLE t (v text); INSERT INTO t VALUES ('kept')");
      assertThat(postmasters(dataDir), is(not("")));

      try (Connection held = pg.connect()) {
        long s0 = System.nanoTime();
        pg.stop();
        long stopped = System.nanoTime();
        assertThat(pg.isRunning(), is(false));
        assertThat("fast shutdown ends open sessions", held.isValid(2), is(false));

        long c0 = System.nanoTime();
        SQLException refused = assertThrows(SQLException.class, pg::connect);
        long failMillis = (System.nanoTime() - c0) / 1_000_000;
        assertThat(refused.getSQLState(), is("08001"));
        assertThat("a refused connection fails fast", failMillis, lessThan(2_000L));
        assertThrows(SQLException.class, () -> pg.exec("SELECT 1"));
        assertThat(postmasters(dataDir), is(""));
        pg.stop(); // already stopped: nothing to do

        long r0 = System.nanoTime();
        pg.start();
        long restarted = System.nanoTime();
        assertThat(pg.isRunning(), is(true));
        assertThat(query(pg, "SELECT current_setting('port')"), is(String.valueOf(pg.port())));
        assertThat("same data directory", query(pg, "SELECT v FROM t"), is("kept"));
        pg.start(); // already running: nothing to do

        System.out.printf(
            "TempPostgres timings: create %d ms, stop %d ms, refused connect %d ms, start %d ms%n",
            (created - t0) / 1_000_000,
            (stopped - s0) / 1_000_000,
            failMillis,
            (restarted - r0) / 1_000_000);
        assertThat("create", (created - t0) / 1_000_000, lessThan(20_000L));
        assertThat("start", (restarted - r0) / 1_000_000, lessThan(10_000L));
      }
    } finally {
      pg.close();
    }
    assertThat(Files.exists(dir), is(false));
    assertThat("no postgres process left for " + dataDir, postmasters(dataDir), is(""));
    assertThat(accepts(pg.port()), is(false));
    pg.close(); // idempotent
    assertThrows(IllegalStateException.class, pg::start);
    assertThat("the shared PostgreSQL is untouched", accepts(5432), is(sharedUp));
  }

  @Test
  @SuppressWarnings("try") // the squatter only holds the port
  void startFailureQuotesTheLogsAndALaterStartStillWorks() throws Exception {
    try (TempPostgres pg = TempPostgres.create()) {
      pg.stop();
      try (ServerSocket squatter =
          new ServerSocket(pg.port(), 1, InetAddress.getByName("127.0.0.1"))) {
        IOException e = assertThrows(IOException.class, pg::start);
        assertThat(e.getMessage(), containsString("pg_ctl start failed"));
        assertThat(e.getMessage(), containsString("postgres.log"));
        assertThat(e.getMessage(), containsString("could not bind"));
      }
      pg.start();
      assertThat(query(pg, "SELECT 1"), is("1"));
    }
  }

  @Test
  void twoClustersAreIndependent() throws Exception {
    try (TempPostgres a = TempPostgres.create();
        TempPostgres b = TempPostgres.create()) {
      assertThat(a.port(), is(not(b.port())));
      a.stop();
      assertThat(query(b, "SELECT 1"), is("1"));
      a.start();
      assertThat(query(a, "SELECT 1"), is("1"));
    }
  }

  private static String query(TempPostgres pg, String sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code pgrep -f <dataDir>}: the pids of processes naming it, "" if none. */
  private static String postmasters(String dataDir) throws Exception {
    Process p = new ProcessBuilder("pgrep", "-f", dataDir).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("pgrep did not finish");
    }
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }
}
