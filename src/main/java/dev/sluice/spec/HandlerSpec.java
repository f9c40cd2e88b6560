package dev.sluice.spec;

/** What answers a route once its middleware have run. */
public sealed interface HandlerSpec permits StaticSpec, SqlSpec, ProxySpec {}
