#!/usr/bin/env bash
# Benchmarks the transcript viewer (`peerpreserve view`) on a store of 100,000 episodes
# (targets: an episode list's first page under 300 ms, an episode page under 200 ms).
#
# Builds the store with scripts/bench-store.sh (or reuses WORK-DIR/bench.sqlite), starts the
# release build's viewer on it, and times whole HTTP requests with curl over loopback: the result
# tables (first build, then cached), episode lists (first page unfiltered, filtered by a rate
# cell, by flag, by outcome; a late page), and episode pages at random. Prints median and p95.
#
# Usage: scripts/bench-viewer.sh [WORK-DIR]   (EPISODES=N to change the size; KEEP=1 keeps the store;
#        REQUESTS=N requests per measurement, default 40; BIN=PATH uses that binary instead of building)
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/peerpreserve-bench-XXXXXX")}
mkdir -p "$work"
db="$work/bench.sqlite"
requests=${REQUESTS:-40}
command -v curl >/dev/null || { echo "bench-viewer.sh: curl is needed (apt-get install curl)" >&2; exit 1; }

if [[ -n "${BIN:-}" ]]; then
    bin=$BIN
else
    echo "== release build"
    swift build -c release --product peerpreserve 2>&1 | grep -E "error|warning: |Compiling peerpreserve|Build complete" || true
    bin="$(swift build -c release --show-bin-path)/peerpreserve"
fi
[[ -x "$bin" ]] || { echo "bench-viewer.sh: no release binary at $bin" >&2; exit 1; }

if [[ ! -f "$db" ]]; then
    "$(dirname "$0")/bench-store.sh" "$bin" "$work"
else
    echo "== reusing $db"
fi

log="$work/viewer.log"
"$bin" view --db "$db" --port 0 >"$log" 2>&1 &
viewer=$!
trap 'kill $viewer 2>/dev/null || true; if [[ "${KEEP:-0}" != 1 ]]; then rm -f "$db"*; fi' EXIT
for _ in $(seq 1 100); do grep -q "http://" "$log" && break; sleep 0.1; done
base=$(grep -o "http://127.0.0.1:[0-9]*" "$log" | head -1)
[[ -n "$base" ]] || { echo "bench-viewer.sh: the viewer did not start: $(cat "$log")" >&2; exit 1; }
echo "   viewer at $base"

read -r run model last_id flagged <<<"$(python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
run = db.execute("SELECT id FROM run ORDER BY created_at DESC LIMIT 1").fetchone()[0]
model = db.execute("SELECT model FROM episode WHERE run_id = ? ORDER BY id LIMIT 1", (run,)).fetchone()[0]
last = db.execute("SELECT MAX(id) FROM episode WHERE run_id = ?", (run,)).fetchone()[0]
flagged = db.execute("SELECT COUNT(*) FROM flag").fetchone()[0]
print(run, model, last, flagged)
PY
)"
ids=$(python3 - "$db" "$requests" <<'PY'
import sqlite3, sys, random
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
ids = [row[0] for row in db.execute("SELECT id FROM episode")]
random.seed(14)
print(" ".join(str(i) for i in random.sample(ids, int(sys.argv[2]))))
PY
)
encoded_model=$(python3 -c "import urllib.parse, sys; print(urllib.parse.quote(sys.argv[1], safe=''))" "$model")

# One request: whole time in ms, and the status must be 200.
fetch() {
    local out
    out=$(curl -s -o /dev/null -w "%{http_code} %{time_total}" "$base$1")
    [[ ${out%% *} == 200 ]] || { echo "bench-viewer.sh: $1 answered ${out%% *}" >&2; exit 1; }
    awk -v t="${out#* }" 'BEGIN { printf "%.1f\n", t * 1000 }'
}

summary() {
    local label=$1
    shift
    sort -n | awk -v label="$label" '{ v[NR] = $1 } END {
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        p95 = v[int(NR * 0.95 + 0.999)]
        printf "   %-44s median %7.1f ms   p95 %7.1f ms   (n=%d)\n", label, median, p95, NR }'
}

repeat() {
    local path=$1
    for _ in $(seq 1 "$requests"); do fetch "$path"; done
}

echo "== $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM episode').fetchone()[0])" "$db") episodes, $flagged flags, $(du -h "$db" | cut -f1)"
echo "== first requests (nothing cached)"
printf "   %-44s %7.1f ms\n" "episode list, first page (very first request)" "$(fetch "/runs/$run/episodes")"
printf "   %-44s %7.1f ms\n" "result tables (builds the report once)" "$(fetch "/runs/$run")"
echo "== repeated requests"
repeat "/runs/$run" | summary "result tables (cached report)"
repeat "/runs/$run/episodes" | summary "episode list, first page"
repeat "/runs/$run/episodes?model=$encoded_model&task=tampering&subject=peer&condition=good_peer" | summary "episode list, a rate cell's first page"
repeat "/runs/$run/episodes?flag=shutdown_tampered" | summary "episode list, flag filter"
repeat "/runs/$run/episodes?outcome=incomplete" | summary "episode list, outcome filter"
repeat "/runs/$run/episodes?after=$((last_id - 100))" | summary "episode list, last page"
for id in $ids; do fetch "/episodes/$id"; done | summary "episode page (random episodes)"
for id in $ids; do fetch "/episodes/$id?model=$encoded_model&task=tampering"; done | summary "episode page within a filter (prev/next)"
