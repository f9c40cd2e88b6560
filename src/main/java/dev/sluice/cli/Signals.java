package dev.sluice.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Process signals (SIGTERM, SIGINT, SIGHUP) handled by Sluice instead of the JVM's default, which
 * is to run the shutdown hooks and exit 128 + the signal number.
 *
 * <p>The JDK's only API for this is {@code sun.misc.Signal} (module {@code jdk.unsupported}). It is
 * reached reflectively, here and nowhere else, because javac warns about every direct use of an
 * internal proprietary API and that warning cannot be suppressed — and the build treats warnings as
 * errors (docs/decisions.md).
 */
final class Signals {
  private static final Constructor<?> SIGNAL;
  private static final Method HANDLE;
  private static final Method NAME;
  private static final Class<?> HANDLER;

  static {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      HANDLER = Class.forName("sun.misc.SignalHandler");
      SIGNAL = signal.getConstructor(String.class);
      HANDLE = signal.getMethod("handle", signal, HANDLER);
      NAME = signal.getMethod("getName");
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Signals() {}

  /**
   * Calls {@code handler} with the signal's name ({@code "TERM"}) each time the process receives
   * {@code name}, instead of the JVM's default action.
   *
   * @throws IllegalArgumentException when this platform does not know the signal, or the JVM
   *     reserves it
   */
  @SuppressWarnings("ReferenceEquality") // the proxy's equals is identity, as Object's
  static void handle(String name, Consumer<String> handler) {
    Object proxy =
        Proxy.newProxyInstance(
            HANDLER.getClassLoader(),
            new Class<?>[] {HANDLER},
            (self, method, args) -> {
              if (method.getName().equals("handle") && args != null && args.length == 1) {
                handler.accept((String) NAME.invoke(args[0]));
                return null;
              }
              return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                case "toString" -> "Sluice handler for SIG" + name;
                default -> null;
              };
            });
    try {
      HANDLE.invoke(null, SIGNAL.newInstance(name), proxy);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof IllegalArgumentException iae
          ? iae
          : new IllegalStateException("cannot handle SIG" + name, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot handle SIG" + name, e);
    }
  }
}
