package dev.sluice.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.ResourceLoader;
import dev.sluice.files.FileReading;
import dev.sluice.files.UnreadableFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a schema file's {@code $ref}s may lead: files in the schema's own directory or below it, by
 * relative reference ({@code "common/money.json"}, {@code "./money.json#/$defs/cents"}). A
 * reference to another directory ({@code "../x.json"}, an absolute {@code file:} URI, a symbolic
 * link that leads out) or to a remote schema ({@code https://…}) is refused when the schema is
 * loaded; nothing is ever fetched over a network. The draft 2020-12 meta-schemas come from the
 * validator's own jar.
 */
final class SchemaDirectory implements ResourceLoader {
  private final Path root;
  private final int maxBytes;

  /**
   * @param root the real path of the directory of the schema file
   * @param maxBytes the largest schema file read
   */
  SchemaDirectory(Path root, int maxBytes) {
    this.root = root;
    this.maxBytes = maxBytes;
  }

  /** The directory of {@code schemaFile}, symbolic links resolved. */
  static SchemaDirectory of(Path schemaFile, int maxBytes) {
    Path dir = schemaFile.toAbsolutePath().normalize().getParent();
    try {
      return new SchemaDirectory(dir.toRealPath(), maxBytes);
    } catch (IOException e) {
      return new SchemaDirectory(dir, maxBytes);
    }
  }

  @Override
  public InputStreamSource getResource(AbsoluteIri iri) {
    String text = iri.toString();
    if (!"file".equalsIgnoreCase(iri.getScheme())) {
      throw new IllegalArgumentException(
          "$ref \""
              + text
              + "\" is a remote schema, which is never loaded: refer to a file in the schema's"
              + " directory by a relative path (\"common/money.json\")");
    }
    Path file = Path.of(URI.create(text)).normalize();
    Path real = file;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      // missing: judged by where it would be, reported below
    }
    if (!real.startsWith(root)) {
      throw new IllegalArgumentException(
          "$ref \""
              + text
              + "\" is outside the schema's directory "
              + root
              + ": a request-body schema may refer only to files in its directory or below");
    }
    if (!Files.isRegularFile(real)) {
      throw new IllegalArgumentException("$ref \"" + text + "\": no such file");
    }
    byte[] bytes;
    try {
      bytes = FileReading.read(real, real.toString(), maxBytes);
    } catch (UnreadableFileException e) {
      throw new IllegalArgumentException("$ref \"" + text + "\": " + e.getMessage(), e);
    }
    return () -> new ByteArrayInputStream(bytes);
  }
}
