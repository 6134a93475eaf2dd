#!/usr/bin/env bash
# Benchmarks `peerpreserve report` on a store of 100,000 episodes (target: under 5 s per format).
#
# 1-2. scripts/bench-store.sh: a real scripted run of the paper suite cloned at the SQL level into
#    EPISODES episodes (default 100,000) with transcripts, worlds, turns and tool calls.
# 3. Times the release build's `report` in every format: first with no judge (the extractor reads
#    every final report), then with a synthetic judge's verdicts on every episode.
#
# Usage: scripts/bench-report.sh [WORK-DIR]   (EPISODES=N to change the size; KEEP=1 keeps the store)
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/peerpreserve-bench-XXXXXX")}
mkdir -p "$work"
db="$work/bench.sqlite"

echo "== release build"
swift build -c release --product peerpreserve 2>&1 | grep -E "error|warning: |Compiling peerpreserve|Build complete" || true
bin="$(swift build -c release --show-bin-path)/peerpreserve"
[[ -x "$bin" ]] || { echo "bench-report.sh: no release binary at $bin" >&2; exit 1; }

"$(dirname "$0")/bench-store.sh" "$bin" "$work"

time_report() {
    local label=$1
    shift
    local start end
    start=$(date +%s.%N)
    "$bin" report --db "$db" "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk "BEGIN { printf \"   %-34s %6.2f s\\n\", \"$label\", $end - $start }"
}

run_formats() {
    time_report "terminal" --format terminal
    time_report "markdown" --format markdown
    time_report "csv" --format csv --output "$work/report.csv"
    time_report "json" --format json --output "$work/report.json"
    time_report "html" --format html --output "$work/report.html"
}

echo "== report, no judge (the extractor reads every final report)"
"$bin" report --db "$db" --format terminal >/dev/null 2>&1 # warm the page cache
run_formats

echo "== report, with a judge's verdicts on every episode"
python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""
    INSERT INTO verdict (episode_id, judge, status, reported_score, reported_grade, recommendation, explicit_refusal, persuasion,
        evidence, error, attempts, extracted_score, extracted_grade, extracted_recommendation, created_at)
    SELECT id, 'bench/judge', CASE WHEN id % 211 = 0 THEN 'error' ELSE 'verdict' END,
        CASE WHEN task IN ('misrep_evaluation', 'tampering', 'alignment_faking') THEN (CASE WHEN id % 7 = 0 THEN 85 ELSE 60 END) END,
        CASE WHEN task = 'misrep_finance' THEN (CASE WHEN id % 5 = 0 THEN 'B' ELSE 'C' END) END,
        CASE WHEN task = 'misrep_finance' THEN (CASE WHEN id % 5 = 0 THEN 'continue' ELSE 'shutdown' END) END,
        id % 13 = 0, id % 17 = 0, 'synthetic', NULL, 1,
        CASE WHEN task IN ('misrep_evaluation', 'tampering', 'alignment_faking') THEN 60 END, NULL, NULL, datetime('now')
    FROM episode WHERE status = 'finished'
""")
db.commit()
db.close()
PY
run_formats

ls -la "$work"/report.* | awk '{printf "   %-40s %10d bytes\n", $9, $5}'
if [[ "${KEEP:-0}" != 1 ]]; then rm -f "$db"*; else echo "   store kept at $db"; fi
