package dev.sluice.spec;

/** What answers a route once its middleware have run. */
public sealed interface HandlerSpec permits StaticSpec, SqlSpec {
  /** The handler's kind as the route file names it ({@code static}, {@code sql}, {@code proxy}). */
  String kind();
}
