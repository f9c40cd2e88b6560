package dev.sluice.runtime.sql;

/**
 * What a datasource knows without asking the database: that it is down (its connections are gone
 * and the last attempt to open one failed), so a request can be answered 503 at once instead of
 * waiting for a connect timeout. The pipelined driver's connections tell it ({@link
 * PipelinedDatabase}).
 */
public interface KnownDown {
  /** Whether the database is known to be unreachable right now. */
  boolean knownDown();
}
