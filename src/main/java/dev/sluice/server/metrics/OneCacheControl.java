package dev.sluice.server.metrics;

import io.helidon.common.Weighted;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * Sends the metrics endpoint's {@code Cache-Control} as one header line. Helidon's metrics observer
 * sets its four directives as four values, which Helidon writes as four {@code Cache-Control}
 * lines; the same directives on one line mean the same and read better. Runs ahead of the observer
 * (a higher weight) and passes the request on to it.
 */
final class OneCacheControl implements HttpFeature, Weighted {
  private final String path;
  private final double weight;

  OneCacheControl(String path, double weight) {
    this.path = path;
    this.weight = weight;
  }

  @Override
  public void setup(HttpRouting.Builder routing) {
    routing.get(
        path,
        (req, res) -> {
          res.beforeSend(
              () -> {
                if (res.headers().contains(HeaderNames.CACHE_CONTROL)) {
                  res.headers()
                      .set(
                          HeaderNames.CACHE_CONTROL,
                          String.join(", ", HeaderValues.CACHE_NO_CACHE.allValues()));
                }
              });
          res.next();
        });
  }

  @Override
  public double weight() {
    return weight;
  }
}
