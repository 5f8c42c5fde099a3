#!/usr/bin/env bash
# Builds the workers classes and packs them with the GPU kit for GpuBench, bench/python/gpt_twin.py and the engine's
# @Tag("gpu") tests on the lent GPU; then follow .gpu/CALLS.md (BENCHMARKS.md §6). GPUKIT: the kit's folder, default
# ../shared/gpu beside the checkout.
# GpuBench needs only the engine's classes, the bytedeco jars the kit brings itself and the CUDA presets (NVRTC and the
# driver API, for the engine's own kernels); the GPU tests add the test classes, AssertJ and JUnit's console launcher,
# and for the trainer's, the run specs (workflows' classes) and Jackson (checkpoint headers).
# The rest of the workers classpath (Temporal, Jackson, …) would make the app three device calls instead of one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${GPUKIT:-$root/../shared/gpu}"
[ -x "$kit/pack.sh" ] || { echo "gpu-pack: no GPU kit at $kit (set GPUKIT)" >&2; exit 2; }
cd "$root"
./mvnw -B -q -pl workers -am test-compile
./mvnw -B -q -pl workers dependency:build-classpath -Dmdep.outputFile=target/gpu-classpath.txt
classpath=$(tr ':' '\n' < workers/target/gpu-classpath.txt)
jar_of() { grep -m1 "/$1/[^/]*/$1-[^/]*\.jar$" <<<"$classpath"; }
cuda_jar=$(jar_of cuda)
junit_version=$(basename "$(dirname "$(jar_of junit-jupiter-api)")")
jars="$root/target/gpu-jars"
rm -rf "$jars"
./mvnw -B -q dependency:copy -DoutputDirectory="$jars" \
  -Dartifact="org.bytedeco:cuda:$(basename "$(dirname "$cuda_jar")"):jar:linux-x86_64"
./mvnw -B -q dependency:copy -DoutputDirectory="$jars" \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version"
cp "$cuda_jar" "$(jar_of assertj-core)" "$(jar_of jackson-core)" "$(jar_of jackson-databind)" \
  "$(jar_of jackson-annotations)" "$jars/"
# The CUDA presets' JNI libraries (libjninvrtc.so, libjnicudart.so) live in their linux-x86_64 jar, which the kit drops
# like every native-platform jar unless told to keep it; the CUDA libraries themselves are the device's own.
GPUKIT_KEEP_NATIVE='cuda-*-linux-x86_64.jar' "$kit/pack.sh" --cp "workers/target/classes:workers/target/test-classes:workflows/target/classes:$(ls "$jars"/*.jar | paste -sd:)" \
  --main dev.pedigree.workers.bench.GpuBench --args "--device cuda" --py bench/python/gpt_twin.py
