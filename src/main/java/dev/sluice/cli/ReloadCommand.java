package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice reload}: asks a running gateway to reload its configuration ({@code POST
 * /admin/reload}) and prints what happened: the new config hash, or every error with its file, line
 * and column while the running configuration keeps serving.
 */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description =
        "Asks a running gateway to reload its configuration files now, through its admin API, and"
            + " prints the result. A running gateway also reloads on SIGHUP, and by itself when"
            + " the files change unless reload.watch is false.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:reloaded, or the files had not changed",
      "1:the files are invalid (every error is printed; the running configuration keeps serving),"
          + " or the admin API cannot be reached",
      "2:usage error"
    })
final class ReloadCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--admin",
      paramLabel = "URL",
      description =
          "The admin API (default http://127.0.0.1:$SLUICE_ADMIN_PORT, port 9901 when unset).")
  String admin;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "NAME: VALUE",
      description = "A header to send, e.g. the API key of the admin stack: -H 'X-Api-Key: …'.")
  List<String> headers = List.of();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String base = admin != null ? admin : defaultAdmin();
    URI uri = URI.create(base.replaceAll("/+$", "") + "/admin/reload");
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.noBody());
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        err.println("sluice: a header is NAME: VALUE, got \"" + h + "\"");
        err.flush();
        return 2;
      }
      req.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    HttpResponse<String> res;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      String why = e instanceof ConnectException ? "connection refused" : e.toString();
      err.println("sluice: cannot reach the admin API at " + base + ": " + why);
      err.flush();
      return 1;
    }
    return print(res, out, err);
  }

  private static int print(HttpResponse<String> res, PrintWriter out, PrintWriter err) {
    JsonNode body;
    try {
      body = JSON.readTree(res.body());
    } catch (IOException e) {
      err.println("sluice: the admin API answered " + res.statusCode() + " without JSON");
      err.flush();
      return 1;
    }
    if (res.statusCode() == 200) {
      String result = body.path("result").asText();
      if (result.equals("applied")) {
        out.println(
            "reloaded: config hash "
                + body.path("config_hash").asText()
                + " (was "
                + body.path("previous_hash").asText()
                + ")");
        body.path("restart_required")
            .forEach(k -> out.println("  needs a restart to apply: " + k.asText()));
      } else {
        out.println("unchanged: config hash " + body.path("config_hash").asText());
      }
      out.flush();
      return 0;
    }
    if (res.statusCode() == 422) {
      for (JsonNode e : body.path("errors")) {
        err.println(
            e.path("file").asText()
                + ":"
                + e.path("line").asInt()
                + ":"
                + e.path("column").asInt()
                + ": "
                + (e.path("pointer").asText().isEmpty() ? "/" : e.path("pointer").asText())
                + ": "
                + e.path("message").asText());
      }
      int n = body.path("errors").size();
      err.println(
          "reload rejected: "
              + n
              + (n == 1 ? " error" : " errors")
              + "; the running configuration (hash "
              + body.path("config_hash").asText()
              + ") keeps serving");
      err.flush();
      return 1;
    }
    err.println(
        "sluice: the admin API answered "
            + res.statusCode()
            + ": "
            + body.path("detail").asText(body.toString()));
    err.flush();
    return 1;
  }

  private static String defaultAdmin() {
    String port = System.getenv("SLUICE_ADMIN_PORT");
    return "http://127.0.0.1:" + (port == null || port.isBlank() ? "9901" : port.trim());
  }
}
