package dev.sluice.bind;

import dev.sluice.schema.SchemaValidator;

/**
 * The schemas of gateway.yaml and of route files, compiled once per process when this class is
 * initialised — by the first load, or earlier on a background thread ({@link
 * ConfigLoader#prepareInBackground()}). Only the two fields: using any member of this class
 * compiles them.
 */
final class ConfigSchemas {
  static final SchemaValidator GATEWAY =
      SchemaValidator.fromClasspath("/schemas/gateway.schema.json");
  static final SchemaValidator ROUTE = SchemaValidator.fromClasspath("/schemas/route.schema.json");

  private ConfigSchemas() {}
}
