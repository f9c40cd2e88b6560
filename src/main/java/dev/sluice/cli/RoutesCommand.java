package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.RuntimeRoute;
import dev.sluice.server.admin.RouteTableView;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
  enum Format {
    text,
    json
  }

  @Mixin ConfigOption config;

  @Option(
      names = "--format",
      defaultValue = "text",
      description =
          "text (a table) or json (what GET /admin/routes answers); default ${DEFAULT-VALUE}.")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UnreadableFileException, IOException {
    GatewayRuntime.Result result = Loaded.load(config.path());
    PrintWriter out = spec.commandLine().getOut();
    if (result instanceof GatewayRuntime.Result.Invalid i) {
      Loaded.printErrors(spec.commandLine().getErr(), i.errors());
      return 1;
    }
    try (GatewayRuntime runtime = ((GatewayRuntime.Result.Built) result).runtime()) {
      if (format == Format.json) {
        try (JsonGenerator g =
            new JsonFactory()
                .createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .useDefaultPrettyPrinter()) {
          RouteTableView.writeJson(g, runtime.routes());
        }
        out.println();
      } else {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"METHOD", "PATH", "ID", "STACK", "HANDLER"});
        for (RuntimeRoute r : runtime.routes()) {
          rows.add(RouteTableView.row(r));
        }
        print(out, rows);
      }
    }
    out.flush();
    return 0;
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
