package dev.sluice.runtime.sql;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a row writer's generator puts a response body: the generator fills its own buffer and hands
 * it over when it closes, in one write for a body that fits it (8,000 bytes), which this keeps as
 * one array of exactly that length. A longer body arrives in several writes and is gathered the way
 * {@link java.io.ByteArrayOutputStream} would. Not for several threads.
 */
final class JsonBody extends OutputStream {
  private static final byte[] EMPTY = new byte[0];

  private byte[] bytes = EMPTY;
  private int count;

  @Override
  public void write(int b) {
    grow(count + 1);
    bytes[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (count == 0) {
      bytes = Arrays.copyOfRange(b, off, off + len); // the usual case: the whole body at once
      count = len;
      return;
    }
    grow(count + len);
    System.arraycopy(b, off, bytes, count, len);
    count += len;
  }

  /** What was written. */
  byte[] toByteArray() {
    return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
  }

  private void grow(int needed) {
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
  }
}
