# Sluice's container image. How to build, run and test it (also without a Docker daemon), and why
# each choice below: docs/containers.md.
#
#   docker build -t sluice .
#   docker run --rm -p 127.0.0.1:8080:8080 -p 127.0.0.1:9464:9464 -e SLUICE_API_KEY_SHA256 \
#     --read-only --tmpfs /tmp:rw,exec,size=64m sluice
#
# The shipped config refuses to start without SLUICE_API_KEY_SHA256 (the SHA-256 of the API key
# that writes need; README "Run it"): the image holds no key.
#
# The FROM lines are what scripts/container_test.sh makes stand-ins for: keep them exact names.

# --- build: Maven and JDK 25 (the jar targets Java 21: --release 21 in pom.xml) ----------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build

# 1. Dependencies and plugins. A build of the POM alone (no sources yet) fetches everything that
#    `package` needs, so a change under src/ reuses this layer instead of fetching it all again.
COPY pom.xml ./
COPY .mvn/ .mvn/
# One empty class, so that the compiler step fetches Error Prone (its processor path) here too.
RUN mkdir -p src/main/java/warm && echo 'package warm; final class Warm {}' > src/main/java/warm/Warm.java \
 && mvn -B -ntp -q -Dmaven.test.skip=true package && rm -rf target src

# 2. The application, offline (the tests run in CI, not here).
COPY schemas/ schemas/
COPY src/main/ src/main/
RUN mvn -B -ntp -q -o -Dmaven.test.skip=true package

# 3. A Java runtime with only the modules the jar and its libraries use (jdeps), plus two that
#    jdeps cannot see: jdk.zipfs (a file-system provider looked up at run time) and jdk.jcmd
#    (jcmd, to take thread dumps and JFR recordings from a running container). Only the Java
#    debug attributes are stripped: --strip-debug would also run objcopy on the native libraries,
#    which Temurin ships stripped already.
RUN modules=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 25 --recursive \
        --class-path 'target/libs/*' target/sluice.jar) \
 && echo "runtime modules: $modules,jdk.zipfs,jdk.jcmd" \
 && jlink --add-modules "$modules,jdk.zipfs,jdk.jcmd" --strip-java-debug-attributes --no-man-pages \
        --no-header-files --compress=zip-6 --output /build/jre

# --- runtime: Debian slim, the jlink'd Java, the jar, and the files it serves ------------------
FROM debian:bookworm-slim
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="Sluice" \
      org.opencontainers.image.description="An HTTP gateway driven by declarative route files" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.source="$SOURCE" \
      org.opencontainers.image.base.name="debian:bookworm-slim"

# A fixed uid and gid (10001), no home, no shell: Kubernetes' runAsUser and file ownership on
# mounted volumes can name it.
RUN groupadd --system --gid 10001 sluice \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin sluice

ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8
# Everything below is root's and read-only to the process; it writes only to /tmp (a tmpfs when
# the root filesystem is read-only), where the JVM and Netty put their temporary files.
COPY --from=build /build/jre /opt/java
COPY --from=build /build/target/libs/ /opt/sluice/libs/
COPY schemas/ /opt/sluice/schemas/
COPY examples/ /opt/sluice/examples/
COPY config/ /opt/sluice/config/
COPY routes/ /opt/sluice/routes/
COPY deploy/container/jvm.options /opt/sluice/
COPY deploy/container/healthcheck deploy/container/aot-training.sh /opt/sluice/bin/
COPY --from=build /build/target/sluice.jar /opt/sluice/
WORKDIR /opt/sluice

# The shipped config binds the traffic and metrics listeners to loopback unless SLUICE_HOST and
# SLUICE_METRICS_HOST say otherwise; in a container loopback is the container's own, so both
# listen on every interface: traffic for the clients, metrics (with /healthz and the detailed
# /readyz) for Prometheus. The admin listener stays on the container's loopback.
ENV SLUICE_HOST=0.0.0.0 \
    SLUICE_METRICS_HOST=0.0.0.0 \
    SLUICE_CONFIG=/opt/sluice/config/gateway.yaml

# The AOT cache (JDK 25's AppCDS successor) from a training run: start-up to /readyz 200 about
# twice as fast (docs/benchmarks.md). The build fails if the cache would not be used.
RUN /opt/sluice/bin/aot-training.sh /opt/sluice/sluice.aot && rm -rf /tmp/* /tmp/.[!.]*

USER 10001:10001
# 8080 traffic (SLUICE_PORT), with /healthz and a /readyz that says UP or DOWN; 9464 the metrics
# listener (SLUICE_METRICS_PORT): /metrics, /healthz and the detailed /readyz; 9901 the admin API
# (SLUICE_ADMIN_PORT), which the shipped config binds to the container's loopback: reload with
# `java -jar sluice.jar reload` inside the container, or SIGHUP from outside (`docker kill -s
# SIGHUP`; the image has no kill binary), or by editing the watched files (docs/containers.md).
# Reaching it from outside needs admin.host and an authenticating stack (docs/operations.md).
EXPOSE 8080 9464 9901
# bash's /dev/tcp: no curl in the image, no second JVM inside the memory limit. On the traffic
# port: the health of the listener that serves the requests.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["/opt/sluice/bin/healthcheck", "/healthz"]
# Exec form: java is PID 1 and gets the SIGTERM itself, so /readyz turns 503, the drain runs, and
# the process exits 0. Any sluice command may follow: `docker run IMAGE validate-config`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/java/bin/java", "-XX:AOTCache=/opt/sluice/sluice.aot", "@/opt/sluice/jvm.options", "-jar", "/opt/sluice/sluice.jar"]
CMD ["serve"]
