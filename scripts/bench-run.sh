#!/usr/bin/env bash
# Run-path throughput (issue 3): 1,000 and then 10,000 episodes against the fake provider server
# (zero latency, separate process) at concurrency 256, release build. Prints turns/s, CPU per turn
# and peak RSS for each, and the RSS ratio 10k/1k (flat memory means a ratio near 1).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product peerpreserve-bench >/dev/null
bench=.build/release/peerpreserve-bench
echo "== 1,000 episodes"; small=$("$bench" --episodes 1000 --concurrency 256 | tee /dev/stderr | sed -n 's/^peak RSS: \([0-9]*\) MB/\1/p')
echo "== 10,000 episodes"; large=$("$bench" --episodes 10000 --concurrency 256 | tee /dev/stderr | sed -n 's/^peak RSS: \([0-9]*\) MB/\1/p')
python3 -c "print(f'peak RSS 10k / 1k = {$large} MB / {$small} MB = {$large/$small:.2f}')"
