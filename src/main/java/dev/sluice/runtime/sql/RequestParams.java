package dev.sluice.runtime.sql;

import dev.sluice.problem.ProblemException;
import dev.sluice.problem.ProblemException.Violation;
import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads every parameter of a route for one request and reports all violations in one 400. */
final class RequestParams {
  private RequestParams() {}

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
    ParamValue[] values = new ParamValue[readers.size()];
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      switch (read.apply(readers.get(i))) {
        case ParamReader.Result.Valid v -> values[i] = v.value();
        case ParamReader.Result.Invalid bad -> violations.addAll(bad.violations());
      }
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(Status.BAD_REQUEST_400, ParamReader.DETAIL, violations);
    }
    return values;
  }
}
