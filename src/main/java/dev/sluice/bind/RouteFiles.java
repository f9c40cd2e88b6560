package dev.sluice.bind;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the {@code route-files:} entries (paths or globs relative to gateway.yaml) into files.
 */
final class RouteFiles {
  private RouteFiles() {}

  /**
   * The files an entry names, sorted. A plain path is returned as is (the loader reports it if it
   * is missing); a glob is matched under its literal leading directories, {@code **}{@code /}
   * matching zero or more directories.
   */
  static List<Path> expand(Path baseDir, String entry) throws IOException {
    if (!isGlob(entry)) {
      return List.of(baseDir.resolve(entry).normalize());
    }
    String[] parts = entry.split("/");
    Path root = entry.startsWith("/") ? Path.of("/") : baseDir;
    int i = 0;
    for (; i < parts.length - 1 && !isGlob(parts[i]); i++) {
      if (!parts[i].isEmpty()) {
        root = root.resolve(parts[i]);
      }
    }
    root = root.normalize();
    String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length));
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    // "**/" also matches no directory at all, as in shells with globstar and .gitignore:
    // routes/**/*.yaml takes routes/a.yaml too (Java's glob wants at least one directory there)
    PathMatcher flat =
        rest.contains("**/")
            ? FileSystems.getDefault().getPathMatcher("glob:" + rest.replace("**/", ""))
            : glob;
    PathMatcher matcher = p -> glob.matches(p) || flat.matches(p);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    Path start = root;
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> matcher.matches(start.relativize(p)))
          .sorted()
          .forEach(found::add);
    }
    return found;
  }

  static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }
}
