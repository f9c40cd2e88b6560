package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.text.ParseException;

/** Reads a JWKS once; {@link JwksSource} decides when. */
interface JwksLoader extends AutoCloseable {
  /** The key set as published now. */
  JWKSet load() throws IOException, ParseException, InterruptedException;

  /** Where the keys come from, for log lines (no query string, no credentials). */
  String describe();

  @Override
  default void close() {}

  static JwksLoader of(JwksLocation location) {
    return switch (location) {
      case JwksLocation.Url u -> new UrlJwksLoader(u.uri());
      case JwksLocation.File f -> new FileJwksLoader(f.path());
    };
  }
}
