package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's TCP connections as the kernel lists them ({@code /proc/net/tcp}, {@code tcp6}): how
 * many established ones go to a port — for a private server ({@link TempPostgres}), the sockets its
 * clients hold open. Linux only, as TempPostgres.
 */
public final class TcpSockets {
  private static final String ESTABLISHED = "01";

  private TcpSockets() {}

  /** Established connections whose remote end is {@code port} (client sides, any local address). */
  public static int establishedTo(int port) throws IOException {
    int n = 0;
    for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
      if (!Files.isReadable(table)) {
        continue;
      }
      for (String line : Files.readAllLines(table)) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st ...; an address is HEX:PORT
        if (f.length > 3 && f[0].endsWith(":") && f[3].equals(ESTABLISHED)) {
          String remote = f[2];
          int colon = remote.lastIndexOf(':');
          if (colon > 0 && Integer.parseInt(remote.substring(colon + 1), 16) == port) {
            n++;
          }
        }
      }
    }
    return n;
  }
}
