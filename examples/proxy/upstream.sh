#!/usr/bin/env bash
# The example upstream for examples/proxy/proxy.yaml: a static file server on 127.0.0.1:9001
# serving examples/proxy/site (Python's http.server). SLUICE_EXAMPLE_UPSTREAM in gateway.yaml
# points elsewhere when the port is taken.
set -euo pipefail
cd "$(dirname "$0")/site"
exec python3 -m http.server "${PORT:-9001}" --bind 127.0.0.1
