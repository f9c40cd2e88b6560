package dev.sluice.spec;

import java.util.Locale;

/** Where a request parameter is read from ({@code in:} in a route's params). */
public enum ParamLocation {
  /** A {@code {name}} segment of the route's path; always required. */
  PATH,
  /** A query parameter (repeated for an array). */
  QUERY,
  /** A request header (comma-separated for an array). */
  HEADER,
  /** A JSON pointer into the request's JSON body. */
  BODY,
  /** A claim of the request's verified JWT. */
  CLAIM;

  /** The name as route files write it. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The location for a route file's name. */
  public static ParamLocation of(String yamlName) {
    return valueOf(yamlName.toUpperCase(Locale.ROOT));
  }
}
