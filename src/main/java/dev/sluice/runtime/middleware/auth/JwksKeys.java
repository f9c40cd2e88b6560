package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.sluice.files.FileReading;
import dev.sluice.spec.JwtArgs;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The public keys of one JWKS (a URL or a file), cached by Nimbus's {@link JWKSourceBuilder}: one
 * per key set and refresh interval in the process's resource cache, shared by every route and every
 * runtime that names them, so a reload keeps the keys.
 *
 * <ul>
 *   <li>A URL is first fetched when the first token needs it (binding, and so {@code
 *       validate-config}, connects nowhere); a file is read at once, so a bad file is a config
 *       error.
 *   <li>From then on the keys are fetched again every {@code refresh}, ahead of their expiry (which
 *       is two intervals), on a background thread.
 *   <li>A token whose {@code kid} is unknown fetches them at once; fetches are rate-limited to
 *       {@value #FETCHES_PER_INTERVAL} per {@link #FETCH_INTERVAL}, so a flood of made-up key ids
 *       cannot hammer the JWKS endpoint.
 *   <li>A failed fetch keeps the last good keys, however long the outage lasts.
 *   <li>Each fetch is bounded as a whole ({@link DeadlineRetriever}), and no request waits on a
 *       fetch another one started: it uses the cached keys, or — with none yet — gets a 503.
 * </ul>
 */
public final class JwksKeys implements AutoCloseable {
  /** Nimbus's rate limit allows two fetches per interval. */
  static final int FETCHES_PER_INTERVAL = 2;

  static final Duration FETCH_INTERVAL = Duration.ofSeconds(10);

  private final JwksFetch fetch;
  private final JWKSetBasedJWKSource<SecurityContext> built;
  private final JWKSetSource<SecurityContext> source;

  /**
   * The keys last handed out. Nimbus's outage cache sits below its rate limit and its cache lock,
   * so a request refused by either (a fetch in progress on an expired set, refetches spent while
   * the JWKS is down) gets these instead of a 503.
   */
  private volatile JWKSet last;

  JwksKeys(JwksFetch fetch, Duration refresh) {
    this.fetch = fetch;
    long every = refresh.toMillis();
    JWKSourceBuilder<SecurityContext> b =
        JWKSourceBuilder.create(fetch)
            .retrying(false)
            // a request that finds a fetch in progress waits 0 ms for it
            .cache(2 * every, 0)
            .refreshAheadCache(
                every,
                null,
                Executors.newVirtualThreadPerTaskExecutor(),
                true,
                Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("sluice-jwks-refresh").factory()),
                true)
            .rateLimited(Math.min(FETCH_INTERVAL.toMillis(), every))
            .outageTolerantForever();
    this.built = (JWKSetBasedJWKSource<SecurityContext>) b.build(); // no failover: this class
    this.source = built.getJWKSetSource();
  }

  /**
   * The keys of {@code where}, fetched again every {@code refresh}.
   *
   * @throws IllegalArgumentException when {@code where} is a file that cannot be read (it was read
   *     when the configuration was bound, and has changed since)
   */
  public static JwksKeys open(JwtArgs.Jwks where, Duration refresh) {
    DeadlineRetriever retriever =
        where instanceof JwtArgs.Jwks.Url
            ? new DeadlineRetriever(DeadlineRetriever.DEADLINE)
            : null;
    JwksKeys keys = new JwksKeys(new JwksFetch(where, retriever), refresh);
    if (where instanceof JwtArgs.Jwks.File f) {
      try {
        keys.load(JWKSetCacheRefreshEvaluator.noRefresh());
      } catch (KeySourceException e) {
        keys.close();
        throw new IllegalArgumentException(
            "jwt: cannot read the JWKS file "
                + FileReading.displayName(f.path())
                + ": "
                + e.getMessage());
      }
    }
    return keys;
  }

  /** The cached keys, fetched first if there are none and no fetch is in progress. */
  JWKSet current() throws KeysUnavailableException {
    try {
      return load(JWKSetCacheRefreshEvaluator.noRefresh());
    } catch (KeySourceException e) {
      JWKSet kept = last;
      if (kept != null) {
        return kept;
      }
      // each failed fetch was logged; a line per request would flood
      throw new KeysUnavailableException("no JWKS could be loaded from " + fetch.describe());
    }
  }

  /**
   * The keys after fetching again because a token named a key id {@code seen} lacks — unless a
   * fetch since replaced {@code seen}, another is in progress or the rate limit is reached: then
   * the cached keys.
   */
  JWKSet refetch(JWKSet seen) {
    try {
      return load(JWKSetCacheRefreshEvaluator.referenceComparison(seen));
    } catch (KeySourceException e) {
      return seen;
    }
  }

  private JWKSet load(JWKSetCacheRefreshEvaluator refresh) throws KeySourceException {
    JWKSet keys = source.getJWKSet(refresh, System.currentTimeMillis(), null);
    last = keys;
    return keys;
  }

  /** Stops the refresher and abandons a fetch in flight. */
  @Override
  public void close() {
    try {
      built.close();
    } catch (IOException e) {
      // nothing to release beyond what close already let go
    }
  }
}
