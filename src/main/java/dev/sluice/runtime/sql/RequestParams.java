package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.problem.ProblemException.Violation;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.spec.ParamLocation;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Reads every parameter of a route for one request and reports all violations in one 400. Each
 * parameter's extractor (path, query, header, body, claim) is chosen once, when the route is built:
 * header names and body pointers are made then too, so a request only looks its values up.
 */
final class RequestParams {
  private final List<ParamReader> readers;
  private final Extractor[] extractors;
  private final boolean needsBody;

  private RequestParams(List<ParamReader> readers) {
    this.readers = List.copyOf(readers);
    this.extractors = readers.stream().map(RequestParams::extractor).toArray(Extractor[]::new);
    this.needsBody = readers.stream().anyMatch(r -> r.spec().in() == ParamLocation.BODY);
  }

  /** The reading of these parameters, in this order. */
  static RequestParams of(List<ParamReader> readers) {
    return new RequestParams(readers);
  }

  /** The parameters' readers, in the order of {@link #read}'s values. */
  List<ParamReader> readers() {
    return readers;
  }

  /**
   * Reads every parameter from the request (its JSON body only when a parameter is in it).
   *
   * @throws ProblemException 400 {@value ParamReader#DETAIL}, listing the violations of every
   *     parameter, if any parameter is invalid
   */
  ParamValue[] read(Exchange ex) {
    JsonNode body = needsBody ? ex.jsonBody() : MissingNode.getInstance();
    return collect(extractors.length, i -> extractors[i].read(ex, body));
  }

  /**
   * Reads each parameter with {@code read} (which picks {@link ParamReader#tryStrings} or {@link
   * ParamReader#tryJson} by where the parameter comes from).
   *
   * @return the values, in the order of {@code readers}
   * @throws ProblemException 400 {@value ParamReader#DETAIL}, listing the violations of every
   *     parameter, if any parameter is invalid
   */
  static ParamValue[] readAll(
      List<ParamReader> readers, Function<ParamReader, ParamReader.Result> read) {
    return collect(readers.size(), i -> read.apply(readers.get(i)));
  }

  private static ParamValue[] collect(int n, IntFunction<ParamReader.Result> read) {
    ParamValue[] values = new ParamValue[n];
    List<Violation> violations = null;
    for (int i = 0; i < n; i++) {
      switch (read.apply(i)) {
        case ParamReader.Result.Valid v -> values[i] = v.value();
        case ParamReader.Result.Invalid bad -> {
          if (violations == null) {
            violations = new ArrayList<>();
          }
          violations.addAll(bad.violations());
        }
      }
    }
    if (violations != null) {
      throw new ProblemException(Status.BAD_REQUEST_400, ParamReader.DETAIL, violations);
    }
    return values;
  }

  /** Where one parameter's raw value is found in a request. */
  @FunctionalInterface
  private interface Extractor {
    ParamReader.Result read(Exchange ex, JsonNode body);
  }

  private static Extractor extractor(ParamReader r) {
    String source = r.spec().source();
    return switch (r.spec().in()) {
      case PATH -> (ex, body) -> r.tryStrings(List.of(ex.pathParams().get(source)));
      case QUERY -> (ex, body) -> r.tryStrings(ex.request().query().all(source, List::of));
      case HEADER -> {
        HeaderName header = HeaderNames.create(source);
        yield (ex, body) -> r.tryStrings(ex.request().headers().values(header).stream().toList());
      }
      case CLAIM -> (ex, body) -> r.tryJson(ex.claims().path(source));
      case BODY -> {
        JsonPointer pointer = JsonPointer.compile(source);
        yield (ex, body) -> r.tryJson(body.at(pointer));
      }
    };
  }
}
