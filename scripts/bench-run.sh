#!/usr/bin/env bash
# Run-path throughput (issue 3): 1,000 and then 10,000 episodes against the fake provider server
# (zero latency, separate process) at concurrency 256, release build, through the entry point
# `peerpreserve run` calls (EvaluationSession: claims, leases, recording, progress display); then
# 1,000 through the scheduler alone, as the figures before the session were measured, for a
# same-run comparison. Prints turns/s, CPU per turn and peak RSS for each, and the RSS ratio 10k/1k
# (flat memory means a ratio near 1).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product peerpreserve-bench >/dev/null
bench=.build/release/peerpreserve-bench
# Each run's figures are printed, then its peak RSS read from them (no tee to /dev/stderr, which
# rewrites a log file from its start when stderr is redirected to one).
run() { local out; out=$("$bench" "$@"); echo "$out" >&2; sed -n 's/^peak RSS: \([0-9]*\) MB/\1/p' <<<"$out"; }
echo "== 1,000 episodes (session)" >&2; small=$(run --episodes 1000 --concurrency 256)
echo "== 10,000 episodes (session)" >&2; large=$(run --episodes 10000 --concurrency 256)
echo "== 1,000 episodes (scheduler only)" >&2; run --episodes 1000 --concurrency 256 --scheduler-only >/dev/null
python3 -c "print(f'peak RSS 10k / 1k (session) = {$large} MB / {$small} MB = {$large/$small:.2f}')"
