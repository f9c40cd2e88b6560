package dev.sluice.reliability;

/**
 * The least-squares line through a series sampled over time, and whether its slope is an upward
 * trend or noise (docs/reliability.md, soak). The slope counts as noise while it is at most the
 * largest of: three standard errors of the slope (what the scatter around the line alone makes
 * likely); a tenth of the series' mean per hour (growth a process could show for an hour and still
 * be no leak worth failing a run for); and, for a series of whole units (threads, descriptors,
 * connections), two units over the fitted window (one thread or connection that came and stayed
 * half-way makes a slope of 1.5 units per window).
 *
 * @param slopePerHour the fitted slope, in the series' unit per hour
 * @param boundPerHour the noise bound above
 * @param mean the series' mean
 */
record Trend(double slopePerHour, double boundPerHour, double mean) {
  static final double RELATIVE_PER_HOUR = 0.10;
  static final double STANDARD_ERRORS = 3;
  static final double UNITS_PER_WINDOW = 2;

  /**
   * Fits {@code values} sampled at {@code seconds} (at least three points, not all at one time).
   *
   * @param unit the series' resolution: 1 for whole units, 0 for a continuous series
   */
  static Trend fit(double[] seconds, double[] values, double unit) {
    int n = seconds.length;
    if (n < 3 || values.length != n) {
      throw new IllegalArgumentException("a trend needs three samples or more, got " + n);
    }
    double mt = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mt += seconds[i] / n;
      my += values[i] / n;
    }
    double stt = 0;
    double sty = 0;
    for (int i = 0; i < n; i++) {
      stt += (seconds[i] - mt) * (seconds[i] - mt);
      sty += (seconds[i] - mt) * (values[i] - my);
    }
    if (stt == 0) {
      throw new IllegalArgumentException("the samples span no time");
    }
    double slope = sty / stt; // per second
    double residuals = 0;
    for (int i = 0; i < n; i++) {
      double r = values[i] - (my + slope * (seconds[i] - mt));
      residuals += r * r;
    }
    double standardError = Math.sqrt(residuals / (n - 2) / stt);
    double windowHours = (seconds[n - 1] - seconds[0]) / 3600;
    double bound =
        Math.max(
            STANDARD_ERRORS * standardError * 3600,
            Math.max(RELATIVE_PER_HOUR * Math.abs(my), UNITS_PER_WINDOW * unit / windowHours));
    return new Trend(slope * 3600, bound, my);
  }

  /** Whether the slope is within the noise bound (a downward slope always is). */
  boolean flat() {
    return slopePerHour <= boundPerHour;
  }
}
