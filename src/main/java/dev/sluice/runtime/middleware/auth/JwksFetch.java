package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.sluice.log.Log;
import dev.sluice.spec.JwtArgs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The innermost source of a {@link JwksKeys}: reads the key set once each time Nimbus's caching
 * layers ask — a URL through {@link DeadlineRetriever}, a file from disk (so replacing the file
 * rotates keys) — and keeps only public RSA (at least 2048 bits) and EC keys; secret ({@code oct})
 * keys and private parts are dropped. Logs a changed key set and every failed read (Nimbus's rate
 * limit above it keeps those few).
 */
final class JwksFetch implements JWKSetSource<SecurityContext> {
  private static final Logger LOG = Logger.getLogger("sluice.auth");

  private final JwtArgs.Jwks where;
  private final DeadlineRetriever retriever;
  private volatile JWKSet last;

  /** {@code retriever} reads a URL; null for a file. */
  JwksFetch(JwtArgs.Jwks where, DeadlineRetriever retriever) {
    this.where = where;
    this.retriever = retriever;
  }

  @Override
  public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long now, SecurityContext context)
      throws KeySourceException {
    JWKSet published;
    try {
      published = JWKSet.parse(read());
    } catch (IOException | ParseException e) {
      String why =
          e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
      Log.warn(
          LOG,
          "jwks fetch failed; the last good keys, if any, stay in use",
          "jwks",
          describe(),
          "error",
          why);
      throw new JWKSetRetrievalException(why, e);
    }
    JWKSet keys = publicKeys(published);
    if (!keys.equals(last)) {
      Log.info(
          LOG,
          "jwks loaded",
          "jwks",
          describe(),
          "keys",
          keys.size(),
          "ignored",
          published.size() - keys.size());
      last = keys;
    }
    return keys;
  }

  private String read() throws IOException {
    return switch (where) {
      case JwtArgs.Jwks.Url u -> retriever.retrieveResource(u.uri().toURL()).getContent();
      case JwtArgs.Jwks.File f -> {
        if (Files.size(f.path()) > DeadlineRetriever.MAX_BYTES) {
          throw new IOException("larger than " + DeadlineRetriever.MAX_BYTES + " bytes");
        }
        yield Files.readString(f.path(), StandardCharsets.UTF_8);
      }
    };
  }

  /** Where the keys come from, for log lines: no user-info, query or fragment. */
  String describe() {
    return switch (where) {
      case JwtArgs.Jwks.Url u -> {
        URI uri = u.uri();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        yield uri.getScheme()
            + "://"
            + uri.getHost()
            + port
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
      }
      case JwtArgs.Jwks.File f -> f.path().toString();
    };
  }

  /** The public RSA and EC keys of {@code set}; secret keys, private parts and weak RSA dropped. */
  static JWKSet publicKeys(JWKSet set) {
    List<JWK> keep = new ArrayList<>();
    for (JWK k : set.toPublicJWKSet().getKeys()) {
      if (k instanceof RSAKey rsa && rsa.size() >= 2048) {
        keep.add(rsa);
      } else if (k instanceof ECKey) {
        keep.add(k);
      }
    }
    return new JWKSet(keep);
  }

  @Override
  public void close() {
    if (retriever != null) {
      retriever.close();
    }
  }
}
