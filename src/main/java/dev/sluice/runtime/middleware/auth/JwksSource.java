package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.sluice.files.FileReading;
import dev.sluice.log.Log;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The public keys of one JWKS, cached. Shared by every route of a route table that names the same
 * JWKS, and closed with the table.
 *
 * <ul>
 *   <li>A URL is first fetched when the first token needs it (building a route table, and so {@code
 *       validate-config}, connects nowhere); a file is read at once, so a bad file is a config
 *       error.
 *   <li>From the first use on, a virtual thread fetches the keys again every {@code refresh}.
 *   <li>A token whose {@code kid} is unknown makes the request fetch them at once — through a token
 *       bucket ({@value #BURST} fetches, then one every {@value #REFILL_SECONDS} s), and one fetch
 *       at a time: requests waiting for a fetch use its result instead of fetching again. So a
 *       flood of made-up key ids cannot hammer the JWKS endpoint.
 *   <li>A failed fetch keeps the last good keys (and logs a warning). Only public RSA and EC keys
 *       are kept (RSA of at least 2048 bits); secret ({@code oct}) keys in a JWKS are ignored.
 * </ul>
 */
final class JwksSource implements AutoCloseable {
  static final int BURST = 3;
  static final int REFILL_SECONDS = 10;
  private static final Logger LOG = Logger.getLogger("sluice.auth");

  /** The keys as last loaded (empty before the first success) and the number of load attempts. */
  record Snapshot(Optional<JWKSet> keys, long attempts) {}

  private final JwksLoader loader;
  private final Duration refresh;
  private final TokenBucket fetches;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Snapshot snapshot = new Snapshot(Optional.empty(), 0);
  private volatile Thread refresher;
  private volatile boolean closed;

  JwksSource(JwksLoader loader, Duration refresh, TokenBucket fetches) {
    this.loader = loader;
    this.refresh = refresh;
    this.fetches = fetches;
  }

  /** A source for {@code location}; a file is read now, and a bad one is a config error. */
  static JwksSource open(JwksLocation location, Duration refresh) {
    JwksSource s =
        new JwksSource(
            JwksLoader.of(location),
            refresh,
            new TokenBucket(BURST, Duration.ofSeconds(REFILL_SECONDS), System::nanoTime));
    if (location instanceof JwksLocation.File f) {
      try {
        s.snapshot = new Snapshot(Optional.of(publicKeys(s.loader.load())), 1);
      } catch (Exception e) {
        s.close();
        throw new IllegalArgumentException(
            "jwt: cannot read the JWKS file "
                + FileReading.displayName(f.path())
                + ": "
                + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
      }
    }
    return s;
  }

  /** The current keys, loading them first if none were loaded yet. */
  Snapshot current() throws KeysUnavailableException {
    startRefresher();
    Snapshot s = snapshot;
    if (s.keys().isEmpty()) {
      s = reload(s, true);
    }
    if (s.keys().isEmpty()) {
      throw new KeysUnavailableException("no JWKS could be loaded from " + loader.describe());
    }
    return s;
  }

  /**
   * Fetches the keys again because a token named a key id that {@code seen} lacks — unless someone
   * fetched since {@code seen}, or the fetch budget is spent. Returns the keys to use.
   */
  Snapshot reloadForUnknownKey(Snapshot seen) {
    return reload(seen, true);
  }

  private Snapshot reload(Snapshot seen, boolean budgeted) {
    lock.lock();
    try {
      Snapshot now = snapshot;
      if (closed || now.attempts() != seen.attempts() || (budgeted && !fetches.tryTake())) {
        return now;
      }
      Optional<JWKSet> keys = now.keys();
      try {
        JWKSet published = loader.load();
        JWKSet loaded = publicKeys(published);
        if (keys.isEmpty() || !keys.get().equals(loaded)) {
          Log.info(
              LOG,
              "jwks loaded",
              "jwks",
              loader.describe(),
              "keys",
              loaded.size(),
              "ignored",
              published.size() - loaded.size());
        }
        keys = Optional.of(loaded);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        Log.warn(
            LOG,
            "jwks fetch failed; keeping the last good keys",
            "jwks",
            loader.describe(),
            "error",
            String.valueOf(e.getMessage()));
      }
      snapshot = new Snapshot(keys, now.attempts() + 1);
      return snapshot;
    } finally {
      lock.unlock();
    }
  }

  private void startRefresher() {
    if (started.get() || closed || !started.compareAndSet(false, true)) {
      return;
    }
    refresher =
        Thread.ofVirtual()
            .name("sluice-jwks-refresh")
            .start(
                () -> {
                  while (!closed) {
                    try {
                      Thread.sleep(refresh);
                    } catch (InterruptedException e) {
                      return;
                    }
                    reload(snapshot, false);
                  }
                });
    if (closed) {
      refresher.interrupt(); // close() ran while the thread was starting
    }
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
    closed = true;
    Thread t = refresher;
    if (t != null) {
      t.interrupt();
    }
    loader.close();
  }
}
