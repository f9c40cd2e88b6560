package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import dev.sluice.files.FileReading;
import dev.sluice.net.IpAddress;
import dev.sluice.spec.JwtArgs;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Optional;

/**
 * The {@code jwks} of {@code auth: {jwt: ...}}: present exactly when an RS/PS/ES algorithm is
 * accepted; a {@code url} (https with a host, or http with a loopback host; fetched on first use,
 * never while binding) or a {@code file}, relative to the file that names it, which is read now so
 * that a missing or malformed key set is a configuration error.
 */
final class JwksArgsParser {
  /** The largest JWKS the gateway reads (as the runtime's {@code JwksFetch} does). */
  static final int MAX_BYTES = 1 << 20;

  private JwksArgsParser() {}

  static Optional<JwtArgs.Jwks> parse(Args a, JsonNode jwks, boolean asymmetric) {
    boolean given = !jwks.isMissingNode() && !jwks.isNull();
    if (!asymmetric) {
      if (given) {
        a.error(
            "jwt: jwks is only used by RS/PS/ES algorithms, and algorithms lists none of them",
            "jwt",
            "jwks");
      }
      return Optional.empty();
    }
    boolean url = jwks.hasNonNull("url");
    if (url == jwks.hasNonNull("file")) {
      String why =
          url
              ? "jwt: jwks takes a url or a file, not both"
              : "jwt: RS/PS/ES algorithms need jwks: {url: https://...} or jwks: {file: ...}";
      a.error(why, given ? new Object[] {"jwt", "jwks"} : new Object[] {"jwt"});
      return Optional.empty();
    }
    return url ? url(a, jwks.get("url").asText()) : file(a, jwks.get("file").asText());
  }

  private static Optional<JwtArgs.Jwks> url(Args a, String written) {
    URI uri;
    try {
      uri = new URI(written);
    } catch (URISyntaxException e) {
      a.error("jwt: jwks url is not a URL: " + e.getReason(), "jwt", "jwks", "url");
      return Optional.empty();
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null) {
      a.error("jwt: jwks url must be http(s)://host/...", "jwt", "jwks", "url");
      return Optional.empty();
    }
    if ("http".equals(uri.getScheme()) && !IpAddress.isLoopbackHost(uri.getHost())) {
      // over plain HTTP anyone on the path could hand the gateway keys of their own
      a.error(
          "jwt: jwks url must be https:// (http:// only for a loopback host: localhost,"
              + " 127.0.0.1, [::1])",
          "jwt",
          "jwks",
          "url");
      return Optional.empty();
    }
    return Optional.of(new JwtArgs.Jwks.Url(uri));
  }

  private static Optional<JwtArgs.Jwks> file(Args a, String written) {
    Path file = a.dir().resolve(written).normalize();
    Optional<String> unreadable = unreadable(file);
    if (unreadable.isPresent()) {
      a.error(
          "jwt: cannot read the JWKS file "
              + FileReading.displayName(file)
              + ": "
              + unreadable.get(),
          "jwt",
          "jwks",
          "file");
      return Optional.empty();
    }
    return Optional.of(new JwtArgs.Jwks.File(file));
  }

  /** Why {@code file} is no JWKS the gateway can read; empty when it is one. */
  private static Optional<String> unreadable(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        return Optional.of("larger than " + MAX_BYTES + " bytes");
      }
      JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.of("no such file");
    } catch (IOException | ParseException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }
}
