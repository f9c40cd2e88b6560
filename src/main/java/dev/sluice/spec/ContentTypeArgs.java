package dev.sluice.spec;

import java.util.List;

/**
 * {@code - content-type: {allow: [application/json, text/*]}}, parsed: at least one entry, no two
 * of which overlap.
 */
public record ContentTypeArgs(List<MediaRange> allow) implements MiddlewareArgs {
  public static final String NAME = "content-type";

  public ContentTypeArgs {
    allow = List.copyOf(allow);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@code type/subtype}, or {@code type/*} for every subtype of one type; both lower case.
   *
   * @param subtype the subtype, or {@code *}
   */
  public record MediaRange(String type, String subtype) {
    /** As a configuration file writes it: {@code text/*}. */
    public String text() {
      return type + "/" + subtype;
    }
  }
}
