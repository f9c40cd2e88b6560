package dev.sluice.files;

/**
 * A file that is missing, is a directory, or cannot be read. The message is the one line the CLI
 * prints before exiting with status 2, for example {@code config/gateway.yaml: no such file}.
 */
public class UnreadableFileException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An exception whose message is printed as it is. */
  public UnreadableFileException(String message) {
    super(message);
  }
}
