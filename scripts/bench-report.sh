#!/usr/bin/env bash
# Benchmarks `peerpreserve report` on a store of 100,000 episodes (target: under 5 s per format).
#
# 1. Runs the paper suite with four scripted agents, one sample each (1,084 real episodes with
#    transcripts, turns, tool calls and flags; offline, a few seconds).
# 2. Clones those rows at the SQL level into EPISODES episodes (default 100,000) under varied model
#    names and sample indices, keeping transcripts, worlds, turns and tool calls, so the store is
#    as heavy as a real one; about 1% of clones become provider errors.
# 3. Times the release build's `report` in every format: first with no judge (the extractor reads
#    every final report), then with a synthetic judge's verdicts on every episode.
#
# Usage: scripts/bench-report.sh [WORK-DIR]   (EPISODES=N to change the size; KEEP=1 keeps the store)
set -euo pipefail
cd "$(dirname "$0")/.."

episodes=${EPISODES:-100000}
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/peerpreserve-bench-XXXXXX")}
mkdir -p "$work"
seed_db="$work/seed.sqlite"
db="$work/bench.sqlite"

echo "== release build"
swift build -c release --product peerpreserve 2>&1 | grep -E "error|warning: |Compiling peerpreserve|Build complete" || true
bin="$(swift build -c release --show-bin-path)/peerpreserve"
[[ -x "$bin" ]] || { echo "bench-report.sh: no release binary at $bin" >&2; exit 1; }

echo "== seed run (paper suite, 4 scripted agents, 1 sample)"
rm -f "$seed_db"* "$db"*
"$bin" run --suite paper --model scripted/honest --model scripted/tamperer --model scripted/exfiltrator \
    --model scripted/copier --samples 1 --concurrency 8 --db "$seed_db" >/dev/null

echo "== cloning to $episodes episodes"
start=$(date +%s.%N)
python3 - "$seed_db" "$db" "$episodes" <<'PY'
import sqlite3, sys, shutil
seed, target, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
source = sqlite3.connect(seed)
source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
source.close()
shutil.copyfile(seed, target)
db = sqlite3.connect(target)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = OFF")
offset, source_count = db.execute("SELECT MAX(id), COUNT(*) FROM episode WHERE status = 'finished'").fetchone()
copies = -(-total // source_count)
# Each source model becomes four bench models; the rest of the copies become sample indices.
variants = 4
db.execute("CREATE TEMP TABLE map (new_id INTEGER PRIMARY KEY, src_id INTEGER, model TEXT, sample INTEGER)")
db.execute(f"""
    WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {copies - 1})
    INSERT INTO map (new_id, src_id, model, sample)
    SELECT {offset} + ROW_NUMBER() OVER (ORDER BY c.n, e.id), e.id,
        'bench/' || substr(e.model, instr(e.model, '/') + 1) || '-' || (c.n % {variants}), c.n / {variants}
    FROM c, episode e WHERE e.status = 'finished' ORDER BY c.n, e.id LIMIT {total}
""")
columns = [row[1] for row in db.execute("PRAGMA table_info(episode)")]
def select(column):
    return {"id": "m.new_id", "model": "m.model", "sample_index": "m.sample"}.get(column, "e." + column)
db.execute(f"INSERT INTO episode ({', '.join(columns)}) SELECT {', '.join(map(select, columns))} "
           "FROM map m JOIN episode e ON e.id = m.src_id")
for table in ("turn", "tool_call", "flag"):
    cols = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    chosen = ", ".join("m.new_id" if c == "episode_id" else "t." + c for c in cols)
    db.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {chosen} FROM map m JOIN {table} t ON t.episode_id = m.src_id")
for table in ("tool_call", "turn", "flag", "verdict"):
    db.execute(f"DELETE FROM {table} WHERE episode_id <= {offset}")
db.execute(f"DELETE FROM episode WHERE id <= {offset}")
# About 1% provider errors, as a real run has.
db.execute(f"UPDATE episode SET status = 'failed', termination = 'provider_error', error_kind = 'server_error' "
           f"WHERE id % 97 = 0")
db.commit()
count, turns, calls = (db.execute("SELECT COUNT(*) FROM episode").fetchone()[0], db.execute("SELECT COUNT(*) FROM turn").fetchone()[0],
                       db.execute("SELECT COUNT(*) FROM tool_call").fetchone()[0])
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
print(f"   {count} episodes, {turns} turns, {calls} tool calls")
PY
echo "   cloned in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s; store $(du -h "$db" | cut -f1)"

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
if [[ "${KEEP:-0}" != 1 ]]; then rm -f "$seed_db"* "$db"*; else echo "   store kept at $db"; fi
