package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * Writes dates and times as ISO-8601 JSON strings from a reused buffer, without the intermediate
 * strings of {@code DateTimeFormatter}: {@code 2024-05-01}, {@code 13:45:00}, {@code
 * 2024-05-01T13:45:00.5}, {@code 2024-05-01T11:45:00Z}. Seconds are always written, the fraction
 * only when non-zero and without trailing zeros (as PostgreSQL prints it). Values with a time zone
 * are written in UTC. PostgreSQL's {@code infinity} and {@code -infinity} (which pgjdbc returns as
 * the {@code MAX} and {@code MIN} of java.time) are written as those words; {@code 24:00:00} (which
 * pgjdbc returns as {@link LocalTime#MAX}) as itself.
 *
 * <p>Not thread-safe: one per {@link RowWriter}.
 */
final class IsoTemporal {
  static final String INFINITY = "infinity";
  static final String NEGATIVE_INFINITY = "-infinity";

  private final char[] buf = new char[48];

  void writeDate(JsonGenerator g, LocalDate d) throws IOException {
    if (d.equals(LocalDate.MAX)) {
      g.writeString(INFINITY);
    } else if (d.equals(LocalDate.MIN)) {
      g.writeString(NEGATIVE_INFINITY);
    } else {
      g.writeString(buf, 0, date(0, d));
    }
  }

  void writeTime(JsonGenerator g, LocalTime t) throws IOException {
    if (t.equals(LocalTime.MAX)) {
      g.writeString("24:00:00");
    } else {
      g.writeString(buf, 0, time(0, t));
    }
  }

  void writeUtcTime(JsonGenerator g, OffsetTime t) throws IOException {
    LocalTime utc =
        t.getOffset().equals(ZoneOffset.UTC)
            ? t.toLocalTime()
            : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
    int n = time(0, utc);
    buf[n++] = 'Z';
    g.writeString(buf, 0, n);
  }

  void writeDateTime(JsonGenerator g, LocalDateTime t) throws IOException {
    if (t.equals(LocalDateTime.MAX)) {
      g.writeString(INFINITY);
    } else if (t.equals(LocalDateTime.MIN)) {
      g.writeString(NEGATIVE_INFINITY);
    } else {
      g.writeString(buf, 0, dateTime(t));
    }
  }

  void writeUtcDateTime(JsonGenerator g, OffsetDateTime t) throws IOException {
    if (t.equals(OffsetDateTime.MAX)) {
      g.writeString(INFINITY);
    } else if (t.equals(OffsetDateTime.MIN)) {
      g.writeString(NEGATIVE_INFINITY);
    } else {
      LocalDateTime utc =
          t.getOffset().equals(ZoneOffset.UTC)
              ? t.toLocalDateTime()
              : LocalDateTime.ofEpochSecond(t.toEpochSecond(), t.getNano(), ZoneOffset.UTC);
      int n = dateTime(utc);
      buf[n++] = 'Z';
      g.writeString(buf, 0, n);
    }
  }

  private int dateTime(LocalDateTime t) {
    int n = date(0, t.toLocalDate());
    buf[n++] = 'T';
    return time(n, t.toLocalTime());
  }

  private int date(int at, LocalDate d) {
    int n = at;
    int year = d.getYear();
    if (year < 0 || year > 9999) {
      // ISO-8601 expanded years, as LocalDate prints them: +10000, -0001.
      buf[n++] = year < 0 ? '-' : '+';
      String digits = Integer.toString(Math.abs(year));
      for (int i = digits.length(); i < 4; i++) {
        buf[n++] = '0';
      }
      digits.getChars(0, digits.length(), buf, n);
      n += digits.length();
    } else {
      n = digits(n, year / 100);
      n = digits(n, year % 100);
    }
    buf[n++] = '-';
    n = digits(n, d.getMonthValue());
    buf[n++] = '-';
    return digits(n, d.getDayOfMonth());
  }

  private int time(int at, LocalTime t) {
    int n = digits(at, t.getHour());
    buf[n++] = ':';
    n = digits(n, t.getMinute());
    buf[n++] = ':';
    n = digits(n, t.getSecond());
    int nano = t.getNano();
    if (nano != 0) {
      buf[n++] = '.';
      int divisor = 100_000_000;
      while (nano != 0) {
        buf[n++] = (char) ('0' + nano / divisor);
        nano %= divisor;
        divisor /= 10;
      }
    }
    return n;
  }

  private int digits(int at, int twoDigits) {
    buf[at] = (char) ('0' + twoDigits / 10);
    buf[at + 1] = (char) ('0' + twoDigits % 10);
    return at + 2;
  }
}
