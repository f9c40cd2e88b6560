package dev.sluice.router;

/** One parsed segment of a {@link PathTemplate}. */
sealed interface Segment {

  /** A segment that matches exactly this (already validated) text. */
  record Literal(String text) implements Segment {}

  /** A segment that matches any one non-empty request segment. */
  record Param(String name) implements Segment {}

  /** A trailing segment that matches one or more non-empty request segments. */
  record CatchAll(String name) implements Segment {}
}
