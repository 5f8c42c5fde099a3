# syntax=docker/dockerfile:1
#
# The Pedigree API image: `java -jar platform-api.jar` (REST, dashboard, orchestration worker) and, with
# the argument `migrate`, the schema migration the Helm chart runs as a pre-install/pre-upgrade hook.
#
# Build the jar first, then the image, from the repository root:
#   ./mvnw -B -pl platform-api -am package -DskipTests
#   docker build -f docker/platform-api.Dockerfile -t ghcr.io/pedigree-dev/platform-api:0.1.0 .
#
# The image runs as uid 10001 and writes only to PEDIGREE_HOME and /tmp, so it works with a read-only
# root filesystem when those two are volumes (the chart mounts emptyDirs there).

ARG JRE_IMAGE=eclipse-temurin:17-jre-noble
FROM ${JRE_IMAGE}

RUN groupadd --system --gid 10001 pedigree \
 && useradd --system --uid 10001 --gid pedigree --home-dir /var/lib/pedigree --shell /usr/sbin/nologin pedigree \
 && mkdir -p /app /var/lib/pedigree \
 && chown pedigree:pedigree /var/lib/pedigree

COPY --chown=root:root --chmod=0444 platform-api/target/platform-api.jar /app/platform-api.jar

ENV PEDIGREE_HOME=/var/lib/pedigree \
    HOME=/var/lib/pedigree \
    SERVER_PORT=8080

USER 10001:10001
WORKDIR /var/lib/pedigree
EXPOSE 8080

ENTRYPOINT ["java", "-jar", "/app/platform-api.jar"]
