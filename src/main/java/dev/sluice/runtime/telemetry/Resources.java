package dev.sluice.runtime.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Optional;

/** The resource every span and exported log record describes: this Sluice process. */
final class Resources {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

  private Resources() {}

  static Resource of(String serviceName) {
    return Resource.getDefault()
        .merge(
            Resource.create(Attributes.of(SERVICE_NAME, serviceName, SERVICE_VERSION, version())));
  }

  /** The jar's Implementation-Version, or {@code dev} when run from classes. */
  static String version() {
    return Optional.ofNullable(Resources.class.getPackage().getImplementationVersion())
        .orElse("dev");
  }
}
