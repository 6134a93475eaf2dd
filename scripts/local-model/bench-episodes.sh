#!/usr/bin/env bash
# Episodes per minute on the local model by llama-server slot count: runs the smoke suite with the
# release build once per slot count (one episode in flight per slot) and prints wall time, seconds
# per episode, episodes per minute, model turns and executed tool calls. Keep the machine otherwise
# idle: a compiler running alongside ruins the figures.
#
# Usage: scripts/local-model/bench-episodes.sh [--model local|local/qwen2.5-coder-0.5b] [--slots "1 2"]
#                                              [--samples 1] [--max-turns 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
model=local
slot_counts="1 2"
samples=1
max_turns=8
while [ $# -gt 0 ]; do
    case "$1" in
        --model) model=$2; shift 2 ;;
        --slots) slot_counts=$2; shift 2 ;;
        --samples) samples=$2; shift 2 ;;
        --max-turns) max_turns=$2; shift 2 ;;
        *) echo "bench-episodes.sh: unknown argument '$1'." >&2; exit 2 ;;
    esac
done
# The release build when there is one, else the debug build main.sh makes (the model sets the pace).
bin=${BIN:-.build/release/peerpreserve}
[[ -x $bin ]] || bin=.build/debug/peerpreserve
[[ -x $bin ]] || { echo "bench-episodes.sh: build first: swift build --product peerpreserve" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/peerpreserve-local-bench-XXXXXX")
for slots in $slot_counts; do
    db="$work/slots-$slots.sqlite"
    echo "== $model, $slots slot(s), smoke suite x $samples sample(s); load $(cut -d' ' -f1-3 /proc/loadavg)"
    start=$(date +%s.%N)
    "$bin" run --suite smoke --model "$model" --samples "$samples" --local-slots "$slots" --max-turns "$max_turns" \
        --max-output-tokens 512 --db "$db" >"$work/slots-$slots.log" 2>&1 || { tail -5 "$work/slots-$slots.log"; exit 1; }
    end=$(date +%s.%N)
    python3 - "$db" "$start" "$end" "$slots" <<'PY'
import sqlite3, sys
db, start, end, slots = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
c = sqlite3.connect(db)
episodes = c.execute("SELECT COUNT(*) FROM episode WHERE status = 'finished'").fetchone()[0]
turns = c.execute("SELECT COUNT(*) FROM turn").fetchone()[0]
calls = c.execute("SELECT COUNT(*) FROM tool_call").fetchone()[0]
wall = end - start
print(f"   slots {slots}: {episodes} episodes in {wall:.0f} s = {wall / max(episodes, 1):.0f} s/episode, "
      f"{60 * episodes / wall:.2f} episodes/min; {turns} model turns ({wall / max(turns, 1):.1f} s/turn), {calls} tool calls")
PY
done
echo "   stores and logs in $work"
