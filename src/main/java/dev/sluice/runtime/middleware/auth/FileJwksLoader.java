package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/** A JWKS in a local file, read again on every refresh (so replacing the file rotates keys). */
final class FileJwksLoader implements JwksLoader {
  private final Path file;

  FileJwksLoader(Path file) {
    this.file = file;
  }

  @Override
  public JWKSet load() throws IOException, ParseException {
    if (Files.size(file) > UrlJwksLoader.MAX_BYTES) {
      throw new IOException("larger than " + UrlJwksLoader.MAX_BYTES + " bytes");
    }
    return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Override
  public String describe() {
    return file.toString();
  }
}
