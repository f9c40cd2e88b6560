package dev.sluice.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The "Environment:" section of every command's {@code --help}: {@code SLUICE_CONFIG}, which the
 * command line reads, and every variable the shipped config/gateway.yaml reads, with the default it
 * gives each. A test keeps the list equal to the file's {@code ${VAR:-default}}s.
 */
final class EnvironmentHelp {
  /** One variable: its name, its default in the shipped config, and what it sets. */
  record Variable(String name, String defaultValue, String meaning) {}

  /** What config/gateway.yaml reads, in the file's order. */
  static final List<Variable> SHIPPED_CONFIG =
      List.of(
          new Variable("SLUICE_HOST", "127.0.0.1", "address to listen on; 0.0.0.0: all"),
          new Variable("SLUICE_PORT", "8080", "port to listen on"),
          new Variable("SLUICE_DRAIN_DELAY", "5s", "/readyz is 503 this long before the stop"),
          new Variable("SLUICE_RELOAD_WATCH", "true", "false: reload on SIGHUP and admin only"),
          new Variable(
              "SLUICE_ADMIN_PORT", "9901", "admin API port (loopback; also sluice reload)"),
          new Variable("SLUICE_LOG_FORMAT", "json", "json lines, or text"),
          new Variable("SLUICE_LOG_LEVEL", "info", "debug, info, warn or error"),
          new Variable("SLUICE_METRICS_PORT", "9464", "metrics, /healthz, detailed /readyz"),
          new Variable("SLUICE_METRICS_HOST", "127.0.0.1", "metrics listener's address"),
          new Variable("SLUICE_TRACING", "false", "true: OpenTelemetry traces over OTLP"),
          new Variable(
              "SLUICE_OTLP_ENDPOINT", "http://localhost:4318/v1/traces", "collector's traces URL"),
          new Variable("SLUICE_TRACING_SAMPLER_RATIO", "1.0", "share of new traces sampled"),
          new Variable("SLUICE_LOG_EXPORT", "none", "otlp: log records to the collector too"),
          new Variable(
              "SLUICE_OTLP_LOGS_ENDPOINT", "http://localhost:4318/v1/logs", "collector's logs URL"),
          new Variable("SLUICE_DB_URL", "", "PostgreSQL JDBC URL; empty: embedded H2"),
          new Variable("SLUICE_DB_USER", "postgres", "database user"),
          new Variable("SLUICE_DB_PASSWORD", "", "database password"),
          new Variable("SLUICE_DB_POOL_SIZE", "16", "database connections (jdbc driver)"),
          new Variable(
              "SLUICE_DB_DRIVER",
              "",
              "pipelined or jdbc; empty: pipelined for a PostgreSQL url it takes, else jdbc"),
          new Variable("SLUICE_RATE_LIMIT_BURST", "100", "per-client burst (bucket capacity)"),
          new Variable("SLUICE_RATE_LIMIT_PER_SECOND", "50", "per-client requests per second"),
          new Variable(
              "SLUICE_EXAMPLE_UPSTREAM", "http://127.0.0.1:9001", "the proxy example's upstream"));

  private static final String KEY = "environment";
  private static final int NAME_WIDTH = 32;
  private static final String NL = System.lineSeparator();
  private static final int WIDTH = 80;

  private EnvironmentHelp() {}

  /** Adds the section, before the exit codes, to {@code cl}'s help and its subcommands'. */
  static void addTo(CommandLine cl) {
    List<String> keys = new java.util.ArrayList<>(cl.getHelpSectionKeys());
    keys.add(
        keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), KEY);
    cl.setHelpSectionKeys(keys);
    cl.getHelpSectionMap().put(KEY, help -> text());
    cl.getSubcommands().values().forEach(EnvironmentHelp::addTo);
  }

  static String text() {
    StringBuilder b = new StringBuilder(NL + "Environment:" + NL);
    line(b, "SLUICE_CONFIG", "the config when -c is not given (default: config/gateway.yaml)");
    b.append("  Read by the shipped config/gateway.yaml (its default in parentheses):").append(NL);
    for (Variable v : SHIPPED_CONFIG) {
      String d = v.defaultValue().isEmpty() ? "empty" : v.defaultValue();
      line(b, v.name(), v.meaning() + " (" + d + ")");
    }
    return b.toString();
  }

  /** {@code name} in a column, then {@code text} wrapped under itself at {@value #WIDTH}. */
  private static void line(StringBuilder b, String name, String text) {
    String pad = " ".repeat(NAME_WIDTH);
    StringBuilder line = new StringBuilder(("  " + name + pad).substring(0, NAME_WIDTH));
    boolean empty = true;
    for (String word : text.strip().split(" ", -1)) {
      if (!empty && line.length() + 1 + word.length() > WIDTH) {
        b.append(line).append(NL);
        line = new StringBuilder(pad);
        empty = true;
      }
      line.append(empty ? "" : " ").append(word);
      empty = false;
    }
    b.append(line).append(NL);
  }
}
