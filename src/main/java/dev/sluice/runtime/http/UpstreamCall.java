package dev.sluice.runtime.http;

/**
 * The upstream a proxied request went to last and how long it took to answer (to the response
 * head), kept on the exchange for the access log; {@code aborted} says why the response was cut
 * after its head went out ({@code upstream-timeout}, {@code upstream-closed}, {@code
 * client-closed}), empty when it went out whole.
 */
public record UpstreamCall(String address, long latencyNanos, String aborted) {
  public UpstreamCall(String address, long latencyNanos) {
    this(address, latencyNanos, "");
  }

  /** This call, its response cut for {@code reason}. */
  public UpstreamCall aborted(String reason) {
    return new UpstreamCall(address, latencyNanos, reason);
  }
}
