package dev.sluice.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the repository's Dockerfile says about its final (runtime) stage: the environment the image
 * sets, its USER and EXPOSEd ports, so that the deployment tests check the manifests against the
 * image as built rather than against numbers of their own.
 */
record Dockerfile(Map<String, String> env, String user, List<Integer> exposed) {
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

  static Dockerfile read(Path file) throws IOException {
    // Continuation lines joined, comments dropped; only the last stage counts.
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (current.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        current.append(line);
        instructions.add(current.toString().strip());
        current.setLength(0);
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    String user = "root";
    List<Integer> exposed = new ArrayList<>();
    for (String ins : instructions) {
      String keyword = ins.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
      String rest = ins.substring(keyword.length()).strip();
      switch (keyword) {
        case "FROM" -> {
          env.clear();
          user = "root";
          exposed.clear();
        }
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(rest);
          while (m.find()) {
            env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
          }
        }
        case "USER" -> user = rest;
        case "EXPOSE" -> {
          for (String p : rest.split("\\s+")) {
            exposed.add(Integer.parseInt(p.replaceAll("/.*", "")));
          }
        }
        default -> {}
      }
    }
    return new Dockerfile(env, user, exposed);
  }

  /** The numeric uid of USER ({@code 10001:10001} → 10001). */
  int uid() {
    return Integer.parseInt(user.split(":")[0]);
  }
}
