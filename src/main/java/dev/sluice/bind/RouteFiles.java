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
    Split split = split(baseDir, entry);
    Path root = split.root();
    String rest = split.rest();
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
          .filter(p -> !inDotDirectory(start.relativize(p)))
          .filter(p -> matcher.matches(start.relativize(p)))
          .sorted()
          .forEach(found::add);
    }
    return found;
  }

  /**
   * The directory a watcher must see for changes to an entry: the parent of a plain path, the
   * literal leading directories of a glob (with {@code recursive} when the glob spans directories).
   */
  static Root root(Path baseDir, String entry) {
    if (!isGlob(entry)) {
      Path file = baseDir.resolve(entry).normalize();
      return new Root(file.getParent() == null ? file : file.getParent(), false);
    }
    Split split = split(baseDir, entry);
    return new Root(split.root(), split.rest().contains("/") || split.rest().contains("**"));
  }

  /** A glob entry cut into its literal leading directories and the pattern under them. */
  private record Split(Path root, String rest) {}

  // String.split drops trailing empty parts: "routes/" is the entry "routes"
  @SuppressWarnings("StringSplitter")
  private static Split split(Path baseDir, String entry) {
    String[] parts = entry.split("/");
    Path root = entry.startsWith("/") ? Path.of("/") : baseDir;
    int i = 0;
    for (; i < parts.length - 1 && !isGlob(parts[i]); i++) {
      if (!parts[i].isEmpty()) {
        root = root.resolve(parts[i]);
      }
    }
    return new Split(
        root.normalize(), String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
  }

  /** A directory to watch, and whether its subdirectories matter too. */
  record Root(Path dir, boolean recursive) {}

  /**
   * Whether a path under a glob's root lies in a directory whose name starts with a dot: such
   * directories are skipped, so a Kubernetes ConfigMap volume (files linked through {@code ..data}
   * to a hidden {@code ..2026_…} folder) never yields a file twice.
   */
  static boolean inDotDirectory(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (relative.getName(i).toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }
}
