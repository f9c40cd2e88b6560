package dev.sluice.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Reads a whole (bounded) file, turning every failure into an {@link UnreadableFileException}. */
public final class FileReading {

  private FileReading() {}

  /**
   * Reads at most {@code limit + 1} bytes, so that callers can tell a file that is too large.
   *
   * @param displayName the name that starts the exception's message
   */
  public static byte[] read(Path file, String displayName, int limit)
      throws UnreadableFileException {
    if (Files.isDirectory(file)) {
      throw new UnreadableFileException(displayName + ": is a directory");
    }
    if (!Files.exists(file)) {
      throw new UnreadableFileException(displayName + ": no such file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(limit + 1);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new UnreadableFileException(displayName + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UnreadableFileException(displayName + ": cannot be read (Permission denied)");
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? "I/O error" : e.getReason();
      throw new UnreadableFileException(displayName + ": cannot be read (" + reason + ")");
    } catch (IOException e) {
      String reason = e.getMessage() == null ? "I/O error" : e.getMessage();
      throw new UnreadableFileException(displayName + ": cannot be read (" + reason + ")");
    }
  }

  /** A path as an operator would write it: relative to the working directory when under it. */
  public static String displayName(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }
}
