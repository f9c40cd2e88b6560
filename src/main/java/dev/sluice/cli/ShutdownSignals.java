package dev.sluice.cli;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT as events the serve command waits for, instead of the JVM's default (run the
 * shutdown hooks and exit 143). A second signal during the drain delay cuts it short.
 */
final class ShutdownSignals {
  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

  private ShutdownSignals() {}

  static ShutdownSignals install() {
    ShutdownSignals s = new ShutdownSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      Signals.handle(name, sig -> s.received.offer("SIG" + sig));
    }
    return s;
  }

  /** Blocks until the first signal; returns its name. */
  String await() throws InterruptedException {
    return received.take();
  }

  /** Waits out {@code delay}, or less if another signal arrives. */
  void awaitOrSecondSignal(Duration delay) throws InterruptedException {
    received.poll(delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
