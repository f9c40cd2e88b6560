package dev.sluice.server.reload;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.log.Log;
import dev.sluice.runtime.GatewayRuntime;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Reloads when the files change: watches the directory of gateway.yaml and of every route-files
 * entry (a glob's leading directories, with their subdirectories when it spans them), and once
 * events stop for {@code reload.debounce} asks the {@link Reloader} to reload. Watching directories
 * rather than files sees editors that write a new file and rename it over the old one, files added
 * and removed, and a Kubernetes ConfigMap volume's update (its {@code ..data} link is swapped in
 * the watched directory). Events that change nothing the configuration reads end as a reload that
 * finds the same hash and does nothing. After each reload the watched set follows the configuration
 * serving.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.reload");

  private final Reloader reloader;
  private final Supplier<GatewayRuntime> serving;
  private final WatchService watch;
  private final Map<Path, WatchKey> keys = new HashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  private ConfigWatcher(Reloader reloader, Supplier<GatewayRuntime> serving, WatchService watch) {
    this.reloader = reloader;
    this.serving = serving;
    this.watch = watch;
    this.thread = Thread.ofPlatform().daemon().name("sluice-config-watch").unstarted(this::run);
  }

  /** Starts watching the files of the configuration {@code serving} returns. */
  public static ConfigWatcher start(Reloader reloader, Supplier<GatewayRuntime> serving)
      throws IOException {
    ConfigWatcher w =
        new ConfigWatcher(reloader, serving, FileSystems.getDefault().newWatchService());
    w.register();
    w.thread.start();
    return w;
  }

  /** The directories watched now (for tests and the log). */
  synchronized Set<Path> watched() {
    return Set.copyOf(keys.keySet());
  }

  private synchronized void register() {
    Set<Path> wanted = new LinkedHashSet<>();
    ConfigLoader.watchedDirectories(serving.get().snapshot().gateway())
        .forEach((dir, recursive) -> wanted.addAll(directories(dir, recursive)));
    keys.entrySet()
        .removeIf(
            e -> {
              if (wanted.contains(e.getKey())) {
                return false;
              }
              e.getValue().cancel();
              return true;
            });
    for (Path dir : wanted) {
      if (!keys.containsKey(dir)) {
        try {
          keys.put(
              dir,
              dir.register(
                  watch,
                  StandardWatchEventKinds.ENTRY_CREATE,
                  StandardWatchEventKinds.ENTRY_DELETE,
                  StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (IOException e) {
          Log.warn(
              LOG, "cannot watch a configuration directory", "dir", dir, "error", e.getMessage());
        }
      }
    }
  }

  /** {@code dir}, and when {@code recursive} its subdirectories but hidden ones. */
  private static Set<Path> directories(Path dir, boolean recursive) {
    Set<Path> dirs = new LinkedHashSet<>();
    if (!Files.isDirectory(dir)) {
      return dirs;
    }
    dirs.add(dir);
    if (recursive) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isDirectory).filter(p -> !hidden(dir, p)).forEach(dirs::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        Log.warn(LOG, "cannot list a configuration directory", "dir", dir, "error", e.getMessage());
      }
    }
    return dirs;
  }

  private static boolean hidden(Path root, Path p) {
    for (Path name : root.relativize(p)) {
      if (name.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private void run() {
    boolean pending = false;
    while (!closed) {
      Duration debounce = serving.get().snapshot().gateway().reload().debounce();
      WatchKey key;
      try {
        key = pending ? watch.poll(debounce.toMillis(), TimeUnit.MILLISECONDS) : watch.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (key == null) { // quiet for the debounce: the writes have settled
        pending = false;
        try {
          reloader.reload("watch");
        } catch (RuntimeException e) {
          Log.error(LOG, "reload after a file change failed", e);
        }
        register();
        continue;
      }
      key.pollEvents(); // which file changed does not matter: the whole set is loaded again
      key.reset();
      pending = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      watch.close();
    } catch (IOException e) {
      // closing: nothing to do
    }
    thread.interrupt();
  }
}
