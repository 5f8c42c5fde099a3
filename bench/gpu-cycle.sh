#!/usr/bin/env bash
# gpu-cycle.sh - runs ON the device machine (the last call of .gpu/CALLS.md): issue 3's whole GPU check in one call.
#
#   bash bench/gpu-cycle.sh [RUNS] [STEPS]        defaults: ref@32,ref@128,gpt2@48 and 30
#
# In order of what matters most, each step under its own time limit so that one hang costs only its own step:
#   1. the @Tag("gpu") tests of the fused loss and of bf16 weights (correctness before speed);
#   2. Java with the engine's CUDA defaults (bf16 weights, fused loss) and cuDNN attention, as torch 2.11 picks on
#      Hopper; the twin with bf16 weights (like with like) and with autocast (PyTorch's usual recipe);
#   3. Java with the defaults before 2026-11-27 (autocast, autograd's loss), and with FlashAttention.
# Everything lands in $OUT as summary.md (the RESULT and PHASES lines, the comparison tables, each step's exit status
# and time) and logs.tar.gz (every log): the device tool brings back at most 8 files.
set -uo pipefail
runs=${1:-ref@32,ref@128,gpt2@48}
steps=${2:-30}
R="--device cuda --runs $runs --steps $steps"
logs=$OUT/logs
mkdir -p "$logs"
summary=$OUT/summary.md
t0=$(date +%s)

step() {   # step NAME LIMIT_S DEVICE_RUN_ARGS...: runs device-run.sh, keeps its java.log/py.log under NAME
  local name=$1 limit=$2 start rc
  shift 2
  start=$(date +%s)
  timeout "$limit" bash .gpu/bin/device-run.sh "$@" > "$logs/$name.out" 2>&1
  rc=$?
  for log in java py java_debug; do
    if [ -f "$OUT/$log.log" ]; then mv "$OUT/$log.log" "$logs/${name}_$log.log"; fi
  done
  echo "- $name: exit $rc in $(( $(date +%s) - start )) s (at $(( $(date +%s) - t0 )) s)" >> "$summary.steps"
}

java="dev.pedigree.workers.bench.GpuBench $R --attention cudnn"   # a later --attention wins
twin=(--py bench/python/gpt_twin.py --no-java --py-args)

step gputest 240 org.junit.platform.console.ConsoleLauncher execute \
  --select-class dev.pedigree.workers.engine.model.FusedCrossEntropyGpuTest \
  --select-class dev.pedigree.workers.engine.Bf16TrainingGpuTest
step defaults 150 $java
step py_bf16 150 "${twin[@]}" "$R --precision bf16"
step py_autocast 150 "${twin[@]}" "$R"
step before 150 $java --precision autocast --loss autograd
step flash 150 $java --attention flash

{
  echo "# GPU cycle: runs $runs, $steps steps, cuDNN attention ($(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null))"
  echo
  cat "$summary.steps"
  for twin_run in bf16 autocast; do
    for java_run in defaults flash before; do
      if [ -f "$logs/py_${twin_run}_py.log" ] && [ -f "$logs/${java_run}_java.log" ]; then
        printf '\n## Java %s vs twin %s\n\n' "$java_run" "$twin_run"
        python3 bench/python/compare.py "$logs/${java_run}_java.log" "$logs/py_${twin_run}_py.log"
      fi
    done
  done
  printf '\n## RESULT and PHASES lines\n\n'
  grep -H '^\(RESULT\|PHASES\)' "$logs"/*_java.log "$logs"/*_py.log 2>/dev/null | sed "s|$logs/||"
  printf '\n## GPU tests\n\n'
  grep -E 'tests (successful|failed)|MethodSource|=>|Exception|expected' "$logs/gputest.out" | head -40
} > "$summary" 2>&1
rm -f "$summary.steps"
tar -czf "$OUT/logs.tar.gz" -C "$OUT" logs device-run.log 2>/dev/null && rm -rf "$logs" "$OUT/device-run.log"
cat "$summary"
