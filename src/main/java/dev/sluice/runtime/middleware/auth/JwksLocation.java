package dev.sluice.runtime.middleware.auth;

import java.net.URI;
import java.nio.file.Path;

/** Where a JWKS comes from: an HTTP(S) URL or a local file. */
sealed interface JwksLocation {
  /** A JWKS served over HTTP(S). */
  record Url(URI uri) implements JwksLocation {}

  /** A JWKS file, already resolved against gateway.yaml's directory. */
  record File(Path path) implements JwksLocation {}
}
