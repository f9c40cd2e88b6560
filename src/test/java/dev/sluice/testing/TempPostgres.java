package dev.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for tests that must stop and start their database. The machine's
 * shared PostgreSQL is never touched: every {@code pg_ctl} call names this cluster's own data
 * directory.
 *
 * <p>{@link #create()} runs {@code initdb} in a fresh temporary directory, starts the server on a
 * free loopback port (TCP on 127.0.0.1 only, Unix socket in the temporary directory, trust auth,
 * {@code fsync}/{@code full_page_writes}/{@code synchronous_commit} off), waits until it accepts
 * connections and creates the database {@code sluice}. The settings live in the cluster's {@code
 * postgresql.conf}, so {@link #start()} after {@link #stop()} comes back on the same port with the
 * same data.
 *
 * <p>As root (initdb and postgres refuse to run as root) every PostgreSQL binary runs through
 * {@code runuser -u postgres}, and the temporary directory belongs to {@code postgres}. As any
 * other user the binaries run directly, as that user.
 *
 * <p>The binaries come from {@code $SLUICE_TEST_PG_BIN} if set, else the newest {@code
 * /usr/lib/postgresql/<version>/bin}, else the {@code PATH}.
 *
 * <p>Clean-up: {@link #close()} stops the server and deletes the directory; it is also a JVM
 * shutdown hook. A JVM killed with SIGKILL runs no hook, so the first {@code create()} in a JVM
 * also removes clusters left behind by JVMs that no longer exist.
 *
 * <p>{@code pg_ctl} output goes to {@code pg_ctl.log} and the server's to {@code postgres.log} in
 * the temporary directory; failures quote the tail of both.
 */
public final class TempPostgres implements AutoCloseable {
  /** Set to {@code 1} to turn "PostgreSQL unavailable" from a skipped test into a failure. */
  public static final String REQUIRE_ENV = "SLUICE_TEST_REQUIRE_DB";

  /** Optional directory holding initdb, pg_ctl, postgres and pg_isready. */
  public static final String BIN_ENV = "SLUICE_TEST_PG_BIN";

  public static final String DATABASE = "sluice";
  public static final String USER = "postgres";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PORT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final String DIR_PREFIX = "sluice-pg-";
  private static final String OWNER_FILE = "owner";
  private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "postgres", "pg_isready");
  private static final int LOG_TAIL_LINES = 30;

  private static final Object SWEEP_LOCK = new Object();
  private static boolean swept;

  private final Host host;
  private final Path dir;
  private final Path data;
  private final Path ctlLog;
  private final Path serverLog;
  private final int port;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean running;

  private TempPostgres(Host host, Path dir, int port) {
    this.host = host;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.ctlLog = dir.resolve("pg_ctl.log");
    this.serverLog = dir.resolve("postgres.log");
    this.port = port;
    this.shutdownHook = new Thread(this::close, "TempPostgres-cleanup-" + port);
  }

  // ---------------------------------------------------------------- availability

  /** Empty when a throwaway cluster can run here, else why not. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(Probe.RESULT.reason());
  }

  /**
   * For tests: returns if a cluster can run here; otherwise skips the test, or fails it when {@code
   * SLUICE_TEST_REQUIRE_DB=1}.
   */
  public static void assumeAvailable() {
    Optional<String> reason = unavailableReason();
    if (reason.isEmpty()) {
      return;
    }
    String message = "throwaway PostgreSQL unavailable: " + reason.get();
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(message + " (and " + REQUIRE_ENV + "=1)");
    }
    Assumptions.assumeTrue(false, message);
  }

  /** The PostgreSQL binaries, and {@code runuser} when they must run as {@code postgres}. */
  private record Host(Path bin, Path runuser) {}

  private record ProbeResult(Host host, String reason) {}

  /** Computed once per JVM, on first use. */
  private static final class Probe {
    static final ProbeResult RESULT = probe();
  }

  private static ProbeResult probe() {
    try {
      if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
        return new ProbeResult(null, "needs a Unix-like OS");
      }
      Optional<Path> bin = findBin();
      if (bin.isEmpty()) {
        return new ProbeResult(
            null,
            "no PostgreSQL binaries ("
                + String.join(", ", TOOLS)
                + ") in $"
                + BIN_ENV
                + ", /usr/lib/postgresql/<version>/bin or the PATH");
      }
      if (currentUid() != 0) {
        return new ProbeResult(new Host(bin.get(), null), null);
      }
      Optional<Path> runuser =
          Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
              .map(Path::of)
              .filter(Files::isExecutable)
              .findFirst()
              .or(() -> onPath("runuser"));
      if (runuser.isEmpty()) {
        return new ProbeResult(
            null, "running as root, and there is no runuser to run initdb as postgres");
      }
      // The user exists, runuser works, and postgres can reach java.io.tmpdir.
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      List<String> cmd =
          List.of(
              runuser.get().toString(),
              "-u",
              USER,
              "--",
              "test",
              "-d",
              tmp.toString(),
              "-a",
              "-x",
              tmp.toString(),
              "-a",
              "-x",
              bin.get().resolve("initdb").toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp.toFile()).start();
      if (!p.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new ProbeResult(null, "runuser -u postgres did not finish within " + PROBE_TIMEOUT);
      }
      String out;
      try (InputStream in = p.getInputStream()) { // a few bytes at most: fits the pipe buffer
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (p.exitValue() != 0) {
        return new ProbeResult(
            null,
            "running as root, and `"
                + String.join(" ", cmd)
                + "` failed (exit "
                + p.exitValue()
                + (out.isEmpty() ? "" : ": " + out)
                + "): no user postgres, or it cannot enter "
                + tmp
                + " / "
                + bin.get());
      }
      return new ProbeResult(new Host(bin.get(), runuser.get()), null);
    } catch (IOException | RuntimeException e) {
      return new ProbeResult(
          null, e instanceof IOException ? e.getMessage() : "probe failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult(null, "probe interrupted");
    }
  }

  private static Optional<Path> findBin() throws IOException {
    String fromEnv = System.getenv(BIN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path bin = Path.of(fromEnv);
      if (!hasTools(bin)) {
        throw new IOException(
            BIN_ENV + "=" + fromEnv + " lacks one of " + String.join(", ", TOOLS));
      }
      return Optional.of(bin);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Optional<Path> newest =
            versions
                .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                .map(v -> v.resolve("bin"))
                .filter(TempPostgres::hasTools)
                .max(Comparator.comparing(b -> version(b.getParent()), TempPostgres::compare));
        if (newest.isPresent()) {
          return newest;
        }
      }
    }
    return onPath("pg_ctl").map(Path::getParent).filter(TempPostgres::hasTools);
  }

  private static boolean hasTools(Path bin) {
    return TOOLS.stream().allMatch(t -> Files.isExecutable(bin.resolve(t)));
  }

  private static int[] version(Path dir) {
    return Arrays.stream(dir.getFileName().toString().split("\\."))
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static int compare(int[] a, int[] b) {
    return Arrays.compare(a, b);
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(":"))
        .filter(s -> !s.isEmpty())
        .map(s -> Path.of(s, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static int currentUid() throws IOException {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no /proc (not Linux): ask id(1)
      try {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
          out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        p.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return Integer.parseInt(out);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running id -u", ie);
      } catch (NumberFormatException nfe) {
        throw new IOException("cannot tell the current uid", nfe);
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates, starts and waits for a new cluster with the database {@code sluice}; up to three
   * attempts when the chosen free port was taken in between.
   *
   * @throws IllegalStateException if {@link #unavailableReason()} is not empty
   */
  public static TempPostgres create() throws IOException, InterruptedException {
    ProbeResult probe = Probe.RESULT;
    if (probe.reason() != null) {
      throw new IllegalStateException("throwaway PostgreSQL unavailable: " + probe.reason());
    }
    sweepStale(probe.host());
    IOException portClash = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      TempPostgres pg = allocate(probe.host());
      try {
        pg.initdb();
        pg.startServer();
        pg.createDatabase();
        return pg;
      } catch (IOException e) {
        boolean clash = pg.portClash();
        pg.close();
        if (!clash) {
          throw e;
        }
        if (portClash != null) {
          e.addSuppressed(portClash);
        }
        portClash = e;
      } catch (InterruptedException | RuntimeException | Error e) {
        pg.close();
        throw e;
      }
    }
    throw portClash;
  }

  private static TempPostgres allocate(Host host) throws IOException {
    Path dir = Files.createTempDirectory(DIR_PREFIX).toAbsolutePath(); // mode 700
    try {
      prepare(host, dir);
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
    TempPostgres pg = new TempPostgres(host, dir, freePort());
    Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
    return pg;
  }

  /** Marks the directory as this JVM's and, as root, hands it to postgres. */
  private static void prepare(Host host, Path dir) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(
        dir.resolve(OWNER_FILE),
        self.pid() + " " + self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L) + "\n");
    if (host.runuser() != null) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      GroupPrincipal group;
      try {
        group = users.lookupPrincipalByGroupName(USER);
      } catch (IOException e) {
        group = null; // no group postgres: keep root's group, mode 700 makes it irrelevant
      }
      PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName(USER));
      if (group != null) {
        view.setGroup(group);
      }
    }
  }

  private void initdb() throws IOException, InterruptedException {
    int rc =
        run(
            INITDB_TIMEOUT,
            pg(
                "initdb",
                "-D",
                data.toString(),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync"));
    if (rc != 0) {
      throw failure("initdb failed (exit " + rc + ")");
    }
    String conf =
        "\n# TempPostgres\n"
            + "listen_addresses = '127.0.0.1'\n"
            + "port = "
            + port
            + "\n"
            + "unix_socket_directories = '"
            + dir.toString().replace("'", "''")
            + "'\n"
            + "fsync = off\n"
            + "full_page_writes = off\n"
            + "synchronous_commit = off\n";
    // appending keeps the file's owner (postgres)
    Files.writeString(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
  }

  /** The TCP port, the same for the cluster's whole life. */
  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/sluice?user=postgres} */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
  }

  /** The cluster's data directory (it appears on the postmaster's command line). */
  public Path dataDir() {
    return data;
  }

  /** Whether the server was started and not stopped since (it may still have crashed). */
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops the server with {@code pg_ctl stop -m fast}: open sessions are terminated (clients see
   * their connections break at once), then a shutdown checkpoint; no crash recovery on the next
   * start. Returns once the port refuses connections. Does nothing if already stopped.
   */
  public synchronized void stop() throws IOException, InterruptedException {
    checkOpen();
    if (!running) {
      return;
    }
    int rc =
        run(
            STOP_TIMEOUT.plusSeconds(10),
            pg(
                "pg_ctl",
                "stop",
                "-D",
                data.toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                String.valueOf(STOP_TIMEOUT.toSeconds())));
    if (rc != 0 && Files.exists(data.resolve("postmaster.pid"))) {
      throw failure("pg_ctl stop failed (exit " + rc + ")");
    }
    running = false;
    awaitPortClosed();
  }

  /**
   * Starts the server again, on the same port and data directory, and returns once it accepts
   * connections. Does nothing if already running.
   */
  public synchronized void start() throws IOException, InterruptedException {
    checkOpen();
    if (running) {
      return;
    }
    startServer();
  }

  private void startServer() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      startAndWait(deadline);
      running = true;
    } catch (IOException | InterruptedException | RuntimeException e) {
      // half-started: let stop() act on it (close() stops it in any case)
      running = Files.exists(data.resolve("postmaster.pid"));
      throw e;
    }
  }

  private void startAndWait(long deadline) throws IOException, InterruptedException {
    int rc =
        run(
            READY_TIMEOUT.plusSeconds(10),
            pg(
                "pg_ctl",
                "start",
                "-D",
                data.toString(),
                "-l",
                serverLog.toString(),
                "-w",
                "-t",
                String.valueOf(READY_TIMEOUT.toSeconds())));
    if (rc != 0) {
      throw failure("pg_ctl start failed (exit " + rc + ") on port " + port);
    }
    awaitReady(deadline);
  }

  /** Polls {@code pg_isready} until the server accepts connections, at most until the deadline. */
  private void awaitReady(long deadline) throws IOException, InterruptedException {
    List<String> cmd =
        List.of(
            host.bin().resolve("pg_isready").toString(),
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-U",
            USER,
            "-d",
            "postgres",
            "-t",
            "2");
    while (true) {
      if (run(Duration.ofSeconds(10), cmd) == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure("PostgreSQL not ready within " + READY_TIMEOUT + " on port " + port);
      }
      Thread.sleep(50);
    }
  }

  private void awaitPortClosed() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PORT_CLOSE_TIMEOUT.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      } catch (IOException refused) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure(
            "port " + port + " still accepts connections " + PORT_CLOSE_TIMEOUT + " after stop");
      }
      Thread.sleep(50);
    }
  }

  private void createDatabase() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER;
    try (Connection c = DriverManager.getConnection(url, jdbcProperties());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw failure("CREATE DATABASE " + DATABASE + " failed: " + e.getMessage(), e);
    }
  }

  /** A new connection to the database {@code sluice} (5 s connect timeout); close it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), jdbcProperties());
  }

  /** Runs SQL (one or more {@code ;}-separated statements) on the database {@code sluice}. */
  public void exec(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Properties jdbcProperties() {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "60");
    return p;
  }

  /**
   * Stops the server if it runs (fast, then immediate, then SIGKILL to the postmaster) and deletes
   * the temporary directory. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException | SecurityException shuttingDown) {
        // the hook runs (or ran) anyway; close() is idempotent
      }
    }
    forceStop(host, dir);
    running = false;
    deleteTree(dir);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("TempPostgres on port " + port + " is closed");
    }
  }

  // ---------------------------------------------------------------- clean-up of leftovers

  /** Stops whatever postmaster runs on {@code dir/data}; best effort, never throws. */
  private static void forceStop(Host host, Path dir) {
    Path data = dir.resolve("data");
    Path pidFile = data.resolve("postmaster.pid");
    Path log = dir.resolve("pg_ctl.log");
    try {
      for (String mode : List.of("fast", "immediate")) {
        if (!Files.exists(pidFile)) {
          return;
        }
        run(
            host,
            dir,
            log,
            Duration.ofSeconds(20),
            command(host, "pg_ctl", "stop", "-D", data.toString(), "-m", mode, "-w", "-t", "10"));
      }
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle.of(pid)
            .filter(
                ph -> ph.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
            .ifPresent(
                ph -> {
                  ph.destroyForcibly();
                  ph.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
                });
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  /**
   * Once per JVM: removes {@code sluice-pg-*} directories (and stops their servers) whose owner JVM
   * no longer runs, i.e. was killed before its shutdown hook could run.
   */
  private static void sweepStale(Host host) {
    synchronized (SWEEP_LOCK) {
      if (swept) {
        return;
      }
      swept = true;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path d : dirs) {
        Path owner = d.resolve(OWNER_FILE);
        try {
          if (Files.isRegularFile(owner) && !ownerAlive(Files.readString(owner).trim())) {
            forceStop(host, d.toAbsolutePath());
            deleteTree(d);
          }
        } catch (IOException | RuntimeException e) {
          // someone else's, or already gone
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private static boolean ownerAlive(String owner) {
    String[] parts = owner.split(" ");
    long pid = Long.parseLong(parts[0]);
    long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
    return ProcessHandle.of(pid)
        .map(
            ph ->
                started == 0
                    || ph.info().startInstant().map(i -> i.toEpochMilli() == started).orElse(true))
        .orElse(false);
  }

  // ---------------------------------------------------------------- processes and diagnostics

  private List<String> pg(String tool, String... args) {
    return command(host, tool, args);
  }

  /** The command line for a PostgreSQL binary: through {@code runuser -u postgres} as root. */
  private static List<String> command(Host host, String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    if (host.runuser() != null) {
      cmd.addAll(List.of(host.runuser().toString(), "-u", USER, "--"));
    }
    cmd.add(host.bin().resolve(tool).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private int run(Duration timeout, List<String> cmd) throws IOException, InterruptedException {
    return run(host, dir, ctlLog, timeout, cmd);
  }

  /** Runs a command in {@code dir}, output appended to {@code log}; its exit code. */
  private static int run(Host host, Path dir, Path log, Duration timeout, List<String> cmd)
      throws IOException, InterruptedException {
    Files.writeString(
        log,
        "$ " + String.join(" ", cmd) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // no inherited PGDATA, PGPORT, PGHOST… may redirect a command to another cluster
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
      Files.writeString(
          log,
          "(killed after " + timeout + ")\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return -1;
    }
    return p.exitValue();
  }

  private boolean portClash() {
    String server = tail(serverLog);
    return server.contains("could not bind") || server.contains("Address already in use");
  }

  private IOException failure(String message) {
    return failure(message, null);
  }

  private IOException failure(String message, Throwable cause) {
    return new IOException(
        message
            + "\n--- "
            + ctlLog
            + " (tail) ---\n"
            + tail(ctlLog)
            + "\n--- "
            + serverLog
            + " (tail) ---\n"
            + tail(serverLog),
        cause);
  }

  private static String tail(Path file) {
    try {
      // lenient decoding: the server log need not be valid UTF-8
      List<String> lines =
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return "TempPostgres[port=" + port + ", data=" + data + (running ? ", running" : "") + "]";
  }
}
