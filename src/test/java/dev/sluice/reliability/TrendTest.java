package dev.sluice.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendTest {
  /** Twelve minutes of samples 10 s apart, as the full soak fits after its warm-up. */
  private static double[] times() {
    double[] t = new double[72];
    for (int i = 0; i < t.length; i++) {
      t[i] = 180 + 10 * i;
    }
    return t;
  }

  @Test
  void aSteadyLeakIsATrend() {
    double[] t = times();
    Random r = new Random(16);
    // 40 MiB growing 20 MiB an hour
    double[] heap =
        Arrays.stream(t).map(x -> 40 + 20 * x / 3600 + r.nextGaussian() * 0.5).toArray();
    Trend trend = Trend.fit(t, heap, 0);
    assertThat(trend.slopePerHour(), closeTo(20, 3));
    assertThat(trend.flat(), is(false));
  }

  @Test
  void noiseAroundALevelIsFlat() {
    double[] t = times();
    Random r = new Random(16);
    double[] heap = Arrays.stream(t).map(x -> 40 + r.nextGaussian() * 2).toArray();
    assertThat(Trend.fit(t, heap, 0).flat(), is(true));
  }

  @Test
  void oneThreadThatCameHalfWayAndStayedIsNoTrend() {
    double[] t = times();
    double[] threads = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      threads[i] = i < t.length / 2 ? 33 : 34;
    }
    Trend trend = Trend.fit(t, threads, 1);
    assertThat(trend.slopePerHour() > 0, is(true));
    assertThat(trend.flat(), is(true));
  }

  @Test
  void aThreadAMinuteIsATrend() {
    double[] t = times();
    double[] threads = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      threads[i] = 33 + Math.floor((t[i] - t[0]) / 60);
    }
    Trend trend = Trend.fit(t, threads, 1);
    assertThat(trend.slopePerHour(), closeTo(60, 2));
    assertThat(trend.flat(), is(false));
  }
}
