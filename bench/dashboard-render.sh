#!/usr/bin/env bash
# The dashboard's render times in Chromium at scale (BENCHMARKS.md §4): DashboardRenderBench, tag bench, which the
# default build leaves out. Needs Debian's chromium and chromium-driver, as the browser tests do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PEDIGREE_BROWSER_TESTS_REQUIRED=1
./mvnw -B -q -pl platform-api -am test -Dsurefire.excludedGroups=gpu -Dgroups=bench -Dtest=DashboardRenderBench \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.useFile=false 2>&1 | grep -E '^(RESULT|render:|seeded|ingested)|FAIL|ERROR'
