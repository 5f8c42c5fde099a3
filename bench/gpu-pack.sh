#!/usr/bin/env bash
# Builds the workers classes and packs them with the GPU kit for GpuBench and bench/python/gpt_twin.py on the lent GPU;
# then follow .gpu/CALLS.md (BENCHMARKS.md §6). GPUKIT: the kit's folder, default ../shared/gpu beside the checkout.
# GpuBench needs only the engine's classes and the bytedeco jars, which the kit brings itself; the rest of the workers
# classpath (Temporal, Jackson, …) would make the app three device calls instead of one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${GPUKIT:-$root/../shared/gpu}"
[ -x "$kit/pack.sh" ] || { echo "gpu-pack: no GPU kit at $kit (set GPUKIT)" >&2; exit 2; }
cd "$root"
./mvnw -B -q -pl workers -am compile
"$kit/pack.sh" --cp "workers/target/classes" \
  --main dev.pedigree.workers.bench.GpuBench --args "--device cuda" --py bench/python/gpt_twin.py
