package dev.sluice.router;

/**
 * Thrown by {@link PathTemplate#parse(String)} when a route path template is not valid.
 *
 * <p>The message names the template and the offending segment, for example <code>
 * path template "/a/&#123;b": unclosed "&#123;" in segment 2</code>. Segments are numbered from 1.
 */
public final class InvalidPathTemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String template;

  InvalidPathTemplateException(String template, String problem) {
    super("path template \"" + template + "\": " + problem);
    this.template = template;
  }

  /** The template text that failed to parse. */
  public String template() {
    return template;
  }
}
