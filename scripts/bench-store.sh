#!/usr/bin/env bash
# Builds the benchmark store of 100,000 episodes that bench-report.sh and bench-viewer.sh read.
#
# 1. Runs the paper suite with four scripted agents, one sample each (1,084 real episodes with
#    transcripts, turns, tool calls and flags; offline, a few seconds).
# 2. Clones those rows at the SQL level into EPISODES episodes (default 100,000) under varied model
#    names and sample indices, keeping transcripts, worlds, turns and tool calls, so the store is
#    as heavy as a real one; about 1% of clones become provider errors.
#
# Usage: scripts/bench-store.sh BINARY WORK-DIR   (writes WORK-DIR/bench.sqlite; EPISODES=N to change the size)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
work=$2
episodes=${EPISODES:-100000}
seed_db="$work/seed.sqlite"
db="$work/bench.sqlite"

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

rm -f "$seed_db"*
