package dev.sluice.runtime.sql;

import io.vertx.pgclient.data.Inet;
import io.vertx.pgclient.data.Interval;
import io.vertx.pgclient.data.Point;

/**
 * PostgreSQL's text form of values the pipelined driver decodes into objects of its own, where the
 * JDBC driver hands over the server's text: the row writers write both alike.
 */
final class PipelinedText {
  private PipelinedText() {}

  /**
   * An interval in PostgreSQL's default {@code postgres} style: {@code 1 year 2 mons 3 days
   * 04:05:06.5}, {@code 00:00:00} for none.
   */
  static String interval(Interval i) {
    StringBuilder b = new StringBuilder();
    unit(b, i.getYears(), "year", "years");
    unit(b, i.getMonths(), "mon", "mons");
    unit(b, i.getDays(), "day", "days");
    long micros =
        ((long) i.getHours() * 3600 + (long) i.getMinutes() * 60 + i.getSeconds()) * 1_000_000L
            + i.getMicroseconds();
    if (micros != 0 || b.isEmpty()) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      if (micros < 0) {
        b.append('-');
        micros = -micros;
      }
      long seconds = micros / 1_000_000;
      long fraction = micros % 1_000_000;
      b.append(String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
      if (fraction != 0) {
        String f = String.format(".%06d", fraction);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
          end--;
        }
        b.append(f, 0, end);
      }
    }
    return b.toString();
  }

  private static void unit(StringBuilder b, int n, String one, String many) {
    if (n != 0) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(n).append(' ').append(Math.abs(n) == 1 ? one : many);
    }
  }

  /** Other decoded values: PostgreSQL's text for inet and point, else the driver's text. */
  static String of(Object v) {
    return switch (v) {
      case Inet i ->
          i.getAddress().getHostAddress()
              + (i.getNetmask() == null || i.getNetmask() == maxNetmask(i)
                  ? ""
                  : "/" + i.getNetmask());
      case Point p -> "(" + number(p.getX()) + "," + number(p.getY()) + ")";
      default -> v.toString();
    };
  }

  private static int maxNetmask(Inet i) {
    return i.getAddress() instanceof java.net.Inet6Address ? 128 : 32;
  }

  /** A double as PostgreSQL prints it: {@code 1}, {@code 1.5}. */
  private static String number(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
        ? Long.toString((long) d)
        : Double.toString(d);
  }
}
