#!/usr/bin/env bash
# The hot-path benchmarks (Benchmarks/, ordo-one/benchmark): request encoding, JSON parsing,
# response-cache keys, scenario rendering and a report over a 3,252-episode fixture store.
#
# 1. Builds the benchmarks in release and runs them, storing the run as the baseline `current`
#    (Benchmarks/.benchmarkBaselines/HotPaths/current/, ignored by git).
# 2. Prints its figures beside the committed baseline `reference`, with the difference in percent.
# 3. Checks the run against `reference` with the thresholds in the code (wall-clock time +20% on
#    the fastest iteration, CPU time +50% and mallocs +5% on the median): exits 1 on a regression
#    (or a failure to run); a run better than the thresholds passes. Time is only trustworthy on a
#    quiet machine: rerun a time regression seen while other work runs.
#
# Usage: scripts/bench-hot-paths.sh [--filter REGEX]   (options go to every step)
#        UPDATE=1 scripts/bench-hot-paths.sh             re-measures `reference` instead (commit it)
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"

benchmark() { swift package --allow-writing-to-package-directory benchmark "$@"; }

if [[ "${UPDATE:-0}" == 1 ]]; then
    # The whole reference is written anew: a filtered run would leave out the other benchmarks.
    if (($#)); then
        echo "bench-hot-paths.sh: UPDATE=1 measures every benchmark and takes no options." >&2
        exit 2
    fi
    benchmark baseline update reference --no-progress
    exit 0
fi

echo "== run (release)"
benchmark baseline update current --no-progress "$@"

echo "== against the committed baseline"
benchmark baseline compare reference current --no-progress "$@"

echo "== check"
# The plugin exits non-zero both for a regression and for a run better than the thresholds, so the
# verdict is read from the tool's own line ("is WORSE than", "is BETTER than", "is WITHIN").
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
benchmark baseline check reference current --no-progress "$@" 2>&1 | tee "$log" || status=$?
if grep -q "is WORSE than" "$log"; then
    echo "bench-hot-paths.sh: a regression against the committed baseline (above)." >&2
    exit 1
elif grep -q "is BETTER than" "$log"; then
    echo "bench-hot-paths.sh: better than the committed baseline by more than its thresholds; no regression."
elif [[ $status == 0 ]]; then
    echo "bench-hot-paths.sh: within the thresholds of the committed baseline."
else
    echo "bench-hot-paths.sh: the benchmark check failed (exit $status)." >&2
    exit 1
fi
