package dev.sluice.runtime.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;

/**
 * Builds the nodes of request bodies, refusing a floating-point number that a double cannot hold:
 * Jackson reads {@code 1e400} as Infinity, which no JSON number is, and which every later step
 * (parameter conversion to BigDecimal, a schema's {@code multipleOf}) would fail on with an
 * exception — a 500 and a stack trace in the log for the client's mistake. The refusal happens
 * while the body is parsed, so it costs one comparison per number and no second walk.
 */
final class FiniteNumbers extends JsonNodeFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public NumericNode numberNode(double v) {
    if (!Double.isFinite(v)) {
      throw new NotFiniteException();
    }
    return super.numberNode(v);
  }

  @Override
  public NumericNode numberNode(float v) {
    if (!Float.isFinite(v)) {
      throw new NotFiniteException();
    }
    return super.numberNode(v);
  }

  @Override
  public ValueNode numberNode(Double v) {
    return v == null ? nullNode() : numberNode(v.doubleValue());
  }

  @Override
  public ValueNode numberNode(Float v) {
    return v == null ? nullNode() : numberNode(v.floatValue());
  }

  /** A number in the body is beyond a double's range. */
  static final class NotFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFiniteException() {
      super("a number beyond a double's range", null, false, false);
    }
  }
}
