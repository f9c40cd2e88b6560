package dev.sluice.spec;

import java.util.Optional;

/**
 * The {@code admin:} section of gateway.yaml: a listener of its own for the admin API ({@code GET
 * /admin/routes}, {@code GET /admin/config}, {@code POST /admin/reload}).
 *
 * <pre>
 * admin:
 *   host: 127.0.0.1                 # the default; another host needs a stack (e.g. auth)
 *   port: ${SLUICE_ADMIN_PORT:-9901}
 *   stack: admin                    # optional: a named stack every admin request runs through
 * </pre>
 *
 * @param stack the stack every admin request runs through; required when {@code host} is not a
 *     loopback address
 */
public record AdminSpec(String host, int port, Optional<String> stack, Origin origin) {
  public static final String DEFAULT_HOST = "127.0.0.1";
}
