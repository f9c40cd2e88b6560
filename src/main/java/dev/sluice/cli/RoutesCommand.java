package dev.sluice.cli;

import dev.sluice.files.UnreadableFileException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.RuntimeRoute;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.SqlSpec;
import dev.sluice.spec.StaticSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice routes}: the resolved route table. */
@Command(
    name = "routes",
    mixinStandardHelpOptions = true,
    description =
        "Prints the resolved route table: method, path, id, stack (its middleware in order), handler.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:invalid configuration", "2:usage error or unreadable file"})
final class RoutesCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UnreadableFileException {
    GatewayRuntime.Result result = Loaded.load(config.path());
    PrintWriter out = spec.commandLine().getOut();
    if (result instanceof GatewayRuntime.Result.Invalid i) {
      Loaded.printErrors(spec.commandLine().getErr(), i.errors());
      return 1;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"METHOD", "PATH", "ID", "STACK", "HANDLER"});
    try (GatewayRuntime runtime = ((GatewayRuntime.Result.Built) result).runtime()) {
      for (RuntimeRoute r : runtime.routes()) {
        RouteSpec s = r.spec();
        rows.add(
            new String[] {
              s.method(), s.path().template(), s.id(), describeStack(s, r), describe(s)
            });
      }
    }
    print(out, rows);
    out.flush();
    return 0;
  }

  /**
   * "public (request-id, access-log) + body-size": the stack's middleware, then the route's own.
   */
  static String describeStack(RouteSpec s, RuntimeRoute r) {
    int own = s.middleware().size();
    List<String> stack = r.middleware().subList(0, r.middleware().size() - own);
    List<String> added = r.middleware().subList(r.middleware().size() - own, r.middleware().size());
    return s.stack()
        + " ("
        + String.join(", ", stack)
        + ")"
        + (added.isEmpty() ? "" : " + " + String.join(", ", added));
  }

  static String describe(RouteSpec s) {
    return switch (s.handler()) {
      case StaticSpec st -> "static " + st.status();
      case SqlSpec sql ->
          "sql "
              + sql.datasource()
              + " "
              + sql.result().name().toLowerCase(java.util.Locale.ROOT)
              + (sql.status() == 200 ? "" : " " + sql.status());
    };
  }

  private static void print(PrintWriter out, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        b.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
