package dev.sluice.runtime.http;

import dev.sluice.problem.ProblemException;
import dev.sluice.units.Durations;
import io.helidon.webserver.http.ServerRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A cap on the size of one request's body, enforced while the body is read: whoever reads it
 * ({@link Exchange#body()}, or Helidon discarding an unread body) gets an error as soon as more
 * than {@code maxBytes} have arrived, and {@link Exchange#body()} answers that with a 413 that
 * closes the connection. Set by the {@code body-size} middleware:
 *
 * <pre>
 * stacks:
 *   api:
 *     - body-size: {max: 1MiB}
 * </pre>
 *
 * @param maxBytes the most bytes the body may have
 */
public record BodyLimit(long maxBytes) {

  /** Checks that the limit is not negative. */
  public BodyLimit {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a body limit is not negative: " + maxBytes);
    }
  }

  /**
   * Counts the request's body against this limit from now on. Must be called before anything reads
   * the body: Helidon fixes the request's stream filters when the body is first touched.
   */
  public void applyTo(ServerRequest request) {
    request.streamFilter(in -> new Counting(in, this));
  }

  /** The limit as a config file writes it: {@code 1MiB}, {@code 512KiB}, {@code 100B}. */
  public String text() {
    return Durations.sizeText(maxBytes);
  }

  /**
   * The answer to a body over this limit: 413 with {@code Connection: close}, because the rest of
   * the body is still on its way and closing is the only way not to read it.
   */
  public ProblemException refusal() {
    return RequestBodies.tooLarge(
        "the request body is larger than " + text() + ", the limit of this route");
  }

  /** Thrown by the counting stream once the body has passed the limit. */
  static final class ExceededException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient BodyLimit limit;

    ExceededException(BodyLimit limit) {
      super("the request body is larger than " + limit.text(), null);
      this.limit = limit;
    }

    BodyLimit limit() {
      return limit;
    }
  }

  /** Passes the body through, counting; fails once the count passes the limit. */
  private static final class Counting extends FilterInputStream {
    private final BodyLimit limit;
    private long seen;

    Counting(InputStream in, BodyLimit limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      if (skipped > 0) {
        count(skipped);
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void count(long n) throws ExceededException {
      seen += n;
      if (seen > limit.maxBytes()) {
        throw new ExceededException(limit);
      }
    }
  }
}
