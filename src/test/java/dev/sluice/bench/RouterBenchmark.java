package dev.sluice.bench;

import dev.sluice.router.PathTemplate;
import dev.sluice.router.RouteMatch;
import dev.sluice.router.Router;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Router lookup cost for a small and a large route table. Each invocation looks up {@value #BATCH}
 * requests, so the score is the average time of one {@link Router#match(String, String)}.
 *
 * <p>Run with {@code scripts/bench_router.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBenchmark {
  static final int BATCH = 64;
  private static final int REQUESTS = 4096;

  @Param({"10", "10000"})
  int routes;

  private Router<String> router;
  private Requests mixed;
  private Requests hits;
  private Requests methodNotAllowed;
  private Requests notFound;

  /** A fixed list of requests, walked round-robin one batch at a time. */
  private static final class Requests {
    final String[] methods;
    final String[] paths;
    int next;

    Requests(List<String[]> requests) {
      methods = new String[requests.size()];
      paths = new String[requests.size()];
      for (int i = 0; i < requests.size(); i++) {
        methods[i] = requests.get(i)[0];
        paths[i] = requests.get(i)[1];
      }
    }

    void run(Router<String> router, Blackhole bh) {
      int i = next;
      for (int n = 0; n < BATCH; n++) {
        bh.consume(router.match(methods[i], paths[i]));
        i = i + 1 == methods.length ? 0 : i + 1;
      }
      next = i;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Router.Builder<String> builder = Router.builder();
    int added = 0;
    String[] globals = {"/", "/health", "/metrics"};
    for (String path : globals) {
      if (added < routes) {
        builder.add("GET", PathTemplate.parse(path), "GET " + path);
        added++;
      }
    }
    int resources = 0;
    while (added < routes) {
      String base = "/api/v1/resource" + resources;
      String[][] perResource = {
        {"GET", base + "/{id}"},
        {"GET", base + "/{id}/items/{item}"},
        {"GET", base},
        {"POST", base},
        {"PUT", base + "/{id}"},
        {"DELETE", base + "/{id}"},
      };
      for (String[] route : perResource) {
        if (added < routes) {
          builder.add(route[0], PathTemplate.parse(route[1]), route[0] + " " + route[1]);
          added++;
        }
      }
      resources++;
    }
    router = builder.build();

    // Draw candidate requests and keep each in the bucket of its actual outcome.
    Random random = new Random(42);
    List<String[]> hit = new ArrayList<>();
    List<String[]> notAllowed = new ArrayList<>();
    List<String[]> missing = new ArrayList<>();
    while (hit.size() < REQUESTS || notAllowed.size() < REQUESTS || missing.size() < REQUESTS) {
      String base = "/api/v1/resource" + random.nextInt(resources);
      String id = Integer.toString(random.nextInt(1_000_000));
      String[] request =
          switch (random.nextInt(9)) {
            case 0 -> new String[] {"GET", base + "/" + id};
            case 1 -> new String[] {"GET", base + "/" + id + "/items/item-" + id};
            case 2 -> new String[] {"GET", base};
            case 3 -> new String[] {"GET", "/health"};
            case 4 -> new String[] {"PATCH", base + "/" + id};
            case 5 -> new String[] {"DELETE", base};
            case 6 -> new String[] {"GET", base + "/" + id + "/nope"};
            case 7 -> new String[] {"GET", "/api/v1/unknown" + id};
            default -> new String[] {"GET", "/api/v2/resource0/" + id};
          };
      List<String[]> bucket =
          switch (router.match(request[0], request[1])) {
            case RouteMatch.Found<String> f -> hit;
            case RouteMatch.MethodNotAllowed<String> m -> notAllowed;
            case RouteMatch.NotFound<String> n -> missing;
          };
      if (bucket.size() < REQUESTS) {
        bucket.add(request);
      }
    }
    // The mix: 70 % hits, 15 % 405s, 15 % 404s, shuffled.
    List<String[]> mix = new ArrayList<>();
    mix.addAll(hit.subList(0, REQUESTS * 70 / 100));
    mix.addAll(notAllowed.subList(0, REQUESTS * 15 / 100));
    mix.addAll(missing.subList(0, REQUESTS * 15 / 100));
    Collections.shuffle(mix, random);
    mixed = new Requests(mix);
    hits = new Requests(hit);
    methodNotAllowed = new Requests(notAllowed);
    notFound = new Requests(missing);
  }

  /** 70 % hits, 15 % method not allowed, 15 % not found. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void mixed(Blackhole bh) {
    mixed.run(router, bh);
  }

  /** Requests that find a route, most with path parameters. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void hit(Blackhole bh) {
    hits.run(router, bh);
  }

  /** Requests whose path matches but whose method does not (405). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void methodNotAllowed(Blackhole bh) {
    methodNotAllowed.run(router, bh);
  }

  /** Requests whose path matches no route (404). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void notFound(Blackhole bh) {
    notFound.run(router, bh);
  }
}
