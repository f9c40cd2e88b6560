package dev.sluice.runtime.http;

/**
 * The upstream a proxied request went to last and how long it took to answer (to the response
 * head), kept on the exchange for the access log.
 */
public record UpstreamCall(String address, long latencyNanos) {}
