package dev.sluice.spec;

/**
 * The arguments of one middleware, parsed and checked when its file was bound: one record per
 * middleware. The runtime builds a middleware from its record by an exhaustive {@code switch}, so a
 * new middleware is a new record here, a parser in {@code dev.sluice.bind.middleware} and a case in
 * the runtime's switch; nothing is looked up by name after binding.
 */
public sealed interface MiddlewareArgs
    permits RequestIdArgs,
        AccessLogArgs,
        IpFilterArgs,
        CorsArgs,
        SecurityHeadersArgs,
        AuthArgs,
        BodySizeArgs,
        ContentTypeArgs,
        JsonSchemaArgs,
        RateLimitArgs,
        TimeoutArgs {

  /** The middleware's name as configuration files write it ({@code cors}). */
  String name();
}
