package dev.sluice.server.metrics;

import io.helidon.http.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request cost of {@code http_server_request_duration_seconds}: the cached timer (what
 * serves) against a registry lookup by tags (what the cache avoids). In this package because the
 * meters are package-private. Run:
 *
 * <pre>
 * mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main \
 *     RequestMetersBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestMetersBenchmark {
  private static final String[] ROUTES = {"/users/{id}", "/users", "/login", ""};
  private static final int[] STATUSES = {200, 404, 200, 400};

  private RequestMeters meters;
  private int i;

  @Setup
  public void setUp() {
    Registries.Created r = Registries.get();
    meters = new RequestMeters(r.factory(), r.registry());
  }

  @Benchmark
  public void cached() {
    int k = i++ & 3;
    meters.record(ROUTES[k], Method.GET, STATUSES[k], 1_234_567L);
  }

  @Benchmark
  public void lookupByTags() {
    int k = i++ & 3;
    meters.recordByLookup(ROUTES[k], Method.GET, STATUSES[k], 1_234_567L);
  }
}
