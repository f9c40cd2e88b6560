package dev.sluice.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Await;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LineHandlerTest {
  /** Records what reaches the stream and how many writes it took. */
  private static final class Sink extends ByteArrayOutputStream {
    int writes;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes++;
      super.write(b, off, len);
    }

    synchronized String text() {
      return toString(StandardCharsets.UTF_8);
    }

    synchronized int writes() {
      return writes;
    }
  }

  private static LineHandler handler(Sink sink, Duration delay) {
    LineHandler h = new LineHandler(sink, delay);
    h.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord r) {
            return r.getMessage() + "\n";
          }
        });
    return h;
  }

  private static LogRecord line(Level level, String msg) {
    return new LogRecord(level, msg);
  }

  @Test
  void withoutDelayEveryLineIsWrittenAtOnce() {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ZERO);
    h.publish(line(Level.INFO, "one"));
    assertEquals("one\n", sink.text());
    h.publish(line(Level.INFO, "two"));
    assertEquals("one\ntwo\n", sink.text());
    assertEquals(2, sink.writes());
  }

  @Test
  void aWarningWritesItselfAndEveryLineBeforeItInOneWrite() {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ofHours(1));
    h.publish(line(Level.INFO, "a"));
    h.publish(line(Level.INFO, "b"));
    h.publish(line(Level.WARNING, "problem"));
    assertEquals("a\nb\nproblem\n", sink.text());
    assertEquals(1, sink.writes());
    h.close();
  }

  @Test
  void infoLinesGoOutWithinTheDelay() throws Exception {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ofMillis(20));
    h.publish(line(Level.INFO, "later"));
    Await.until("the line written", Duration.ofSeconds(5), () -> !sink.text().isEmpty());
    assertEquals("later\n", sink.text());
    h.close();
  }

  @Test
  void flushAndCloseWriteWhatIsPendingAndLaterLinesGoOutAtOnce() {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ofHours(1));
    h.publish(line(Level.INFO, "a"));
    h.flush();
    assertEquals("a\n", sink.text());
    h.publish(line(Level.INFO, "b"));
    h.close();
    assertEquals("a\nb\n", sink.text());
    h.publish(line(Level.INFO, "after close"));
    assertEquals("a\nb\nafter close\n", sink.text());
  }

  @Test
  void aBusyLogIsWrittenInLargeWritesAndKeepsEachThreadsOrder() throws Exception {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ofHours(1));
    int threads = 4;
    int perThread = 5_000;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      started.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      h.publish(line(Level.INFO, id + ":" + i));
                    }
                  }));
    }
    for (Thread t : started) {
      t.join();
    }
    h.close();
    String[] lines = sink.text().split("\n");
    assertEquals(threads * perThread, lines.length);
    int[] next = new int[threads];
    for (String l : lines) {
      int colon = l.indexOf(':');
      int t = Integer.parseInt(l.substring(0, colon));
      assertEquals(next[t]++, Integer.parseInt(l.substring(colon + 1)), "order of thread " + t);
    }
    // about 150 KB in 32 KB writes, not 20,000 writes
    assertTrue(sink.writes() < 20, "writes: " + sink.writes());
  }

  @Test
  void theWriterThreadAndWarningsWrittenInlineKeepEachThreadsOrder() throws Exception {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ofMillis(1));
    int threads = 8;
    int perThread = 20_000;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      started.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      h.publish(line(i % 97 == 0 ? Level.WARNING : Level.INFO, id + ":" + i));
                    }
                  }));
    }
    for (Thread t : started) {
      t.join();
    }
    h.close();
    String[] lines = sink.text().split("\n");
    assertEquals(threads * perThread, lines.length);
    int[] next = new int[threads];
    for (String l : lines) {
      int colon = l.indexOf(':');
      int t = Integer.parseInt(l.substring(0, colon));
      assertEquals(next[t]++, Integer.parseInt(l.substring(colon + 1)), "order of thread " + t);
    }
  }

  @Test
  void aLineLongerThanTheBufferIsWrittenWhole() {
    Sink sink = new Sink();
    LineHandler h = handler(sink, Duration.ofHours(1));
    String big = "x".repeat(200_000);
    h.publish(line(Level.INFO, "small"));
    h.publish(line(Level.INFO, big));
    h.close();
    assertEquals("small\n" + big + "\n", sink.text());
  }
}
