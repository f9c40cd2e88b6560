package dev.sluice.config;

/**
 * A declared request parameter: where it comes from ({@code path}, {@code query}, {@code header})
 * and its name there.
 */
public record ParamSpec(String name, String in, String source, Origin origin) {}
