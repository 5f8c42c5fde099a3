# syntax=docker/dockerfile:1
#
# The Pedigree compute worker image: the same fat jar, built with the CUDA natives (-Pgpu), on an NVIDIA
# CUDA runtime base (CUDA 13 + cuDNN 9, matching bytedeco pytorch 2.10.0-1.5.13's CUDA build). It runs
# `java -jar platform-api.jar worker`; the device (cuda|cpu) comes from PEDIGREE_WORKER_DEVICE, so the same
# image also serves CPU worker classes.
#
# Build the GPU jar first, then the image, from the repository root:
#   ./mvnw -B -pl platform-api -am package -DskipTests -Pgpu
#   docker build -f docker/workers.Dockerfile -t ghcr.io/pedigree-dev/workers:0.1.0 .
#
# The host needs the NVIDIA driver (>= 580 for CUDA 13) and the NVIDIA container toolkit / device plugin;
# the driver is not part of the image. Runs as uid 10001; writes only to PEDIGREE_HOME and /tmp.

ARG JRE_IMAGE=eclipse-temurin:17-jre-noble
ARG CUDA_IMAGE=nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04

FROM ${JRE_IMAGE} AS jre

FROM ${CUDA_IMAGE}

# A JRE from the Temurin image rather than the distribution's package: same build as the API image.
ENV JAVA_HOME=/opt/java/openjdk
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"

RUN groupadd --system --gid 10001 pedigree \
 && useradd --system --uid 10001 --gid pedigree --home-dir /var/lib/pedigree --shell /usr/sbin/nologin pedigree \
 && mkdir -p /app /var/lib/pedigree \
 && chown pedigree:pedigree /var/lib/pedigree

COPY --chown=root:root --chmod=0444 platform-api/target/platform-api.jar /app/platform-api.jar

# -gpu selects the linux-x86_64-gpu natives inside the jar; CUDA, cuDNN and NCCL come from the base image.
ENV PEDIGREE_HOME=/var/lib/pedigree \
    HOME=/var/lib/pedigree \
    PEDIGREE_WORKER_DEVICE=cuda \
    PEDIGREE_WORKER_HEALTH_PORT=8081 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

USER 10001:10001
WORKDIR /var/lib/pedigree
EXPOSE 8081

ENTRYPOINT ["java", "-Dorg.bytedeco.javacpp.platform.extension=-gpu", "-jar", "/app/platform-api.jar"]
CMD ["worker"]
