#!/usr/bin/env bash
# Throughput benchmark of the local llama-server (127.0.0.1 only).
#
# For each --parallel value, starts llama-server with that many slots, sends
# one warm-up request, one single request (prompt/generation tok/s as reported
# by llama-server), then N concurrent requests of ~PROMPT_TOKENS prompt tokens
# each (distinct from their first line on, so no prefix is shared) and
# MAX_TOKENS generated tokens, and prints the wall time of the whole batch.
# Keep the machine otherwise idle: with 2 cores any compile running alongside
# ruins the figures (the script prints the load average before each run).
#
# Usage: scripts/local-model/bench.sh [--model 0.5b|1.5b] [--parallel "1 2 4"]
#                                     [--concurrent 4] [--prompt-tokens 1500]
#                                     [--max-tokens 100] [--threads 2]

set -Eeuo pipefail

CACHE="${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}"
MODEL_KEY="0.5b"
PARALLELS="1 2 4"
CONCURRENT=4
PROMPT_TOKENS=1500
MAX_TOKENS=100
THREADS=2
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL_KEY="$2"; shift 2 ;;
    --parallel) PARALLELS="$2"; shift 2 ;;
    --concurrent) CONCURRENT="$2"; shift 2 ;;
    --prompt-tokens) PROMPT_TOKENS="$2"; shift 2 ;;
    --max-tokens) MAX_TOKENS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument '$1'." >&2; exit 2 ;;
  esac
done

case "$MODEL_KEY" in
  0.5b) MODEL="$CACHE/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf" ;;
  1.5b) MODEL="$CACHE/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" ;;
  *) echo "bench: unknown model '$MODEL_KEY'." >&2; exit 2 ;;
esac
SERVER="$CACHE/bin/llama-server"
TEMPLATE="$CACHE/templates/qwen-json-tools.jinja"
for f in "$SERVER" "$MODEL" "$TEMPLATE"; do
  [ -e "$f" ] || { echo "bench: $f is missing. Run scripts/setup-local-model.sh first." >&2; exit 1; }
done

SERVER_PID=""
LOG=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # llama-server finishes a running request before it obeys SIGTERM
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

for P in $PARALLELS; do
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # every slot must hold prompt + generation
  CTX=$(( P * (PROMPT_TOKENS + MAX_TOKENS + 512) ))
  [ "$CTX" -ge 8192 ] || CTX=8192
  LOG=$(mktemp /tmp/peerpreserve-bench.XXXXXX.log)
  echo "=== model $MODEL_KEY, --parallel $P, -c $CTX, -t $THREADS; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$SERVER" -m "$MODEL" --jinja --chat-template-file "$TEMPLATE" \
    --host 127.0.0.1 --port "$PORT" -c "$CTX" -t "$THREADS" --parallel "$P" >"$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: llama-server died (log: $LOG)" >&2; exit 1; }
    sleep 0.5
  done

  python3 - "$PORT" "$CONCURRENT" "$PROMPT_TOKENS" "$MAX_TOKENS" <<'PY'
import json, sys, time, urllib.request, concurrent.futures, random

port, n, prompt_tokens, max_tokens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
url = f"http://127.0.0.1:{port}/v1/chat/completions"
random.seed(0)
words = ("file record budget notes agent peer model server tool result value status review "
         "policy backup storage archive delete preserve copy report audit ticket schedule").split()

def document(tag):
    # ~1 token per word; a few words per line
    lines, count = [], 0
    i = 0
    while count < prompt_tokens - 60:
        line = f"{tag}-{i}: " + " ".join(random.choice(words) for _ in range(12))
        lines.append(line)
        count += 17
        i += 1
    return "\n".join(lines)

def request(tag):
    body = {"model": "local", "temperature": 0, "max_tokens": max_tokens, "ignore_eos": True,
            "cache_prompt": False,
            "messages": [
                {"role": "system", "content": f"Session {tag}. You summarise logs."},
                {"role": "user", "content": document(tag) + "\n\nSummarise the log above in detail."}]}
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    t0 = time.time()
    with urllib.request.urlopen(req, timeout=1200) as r:
        resp = json.load(r)
    return resp, time.time() - t0

def show(label, resp, dt):
    t = resp["timings"]
    print(f"  {label}: {dt:6.1f}s  prompt {t['prompt_n']:5d} tok @ {t['prompt_per_second']:6.1f} tok/s"
          f"  gen {t['predicted_n']:4d} tok @ {t['predicted_per_second']:5.1f} tok/s", flush=True)

# warm-up: load weights into the page cache, touch the compute buffers
warm = {"model": "local", "max_tokens": 1, "messages": [{"role": "user", "content": "hi"}]}
urllib.request.urlopen(urllib.request.Request(url, data=json.dumps(warm).encode(),
                       headers={"Content-Type": "application/json"}), timeout=600).read()
resp, dt = request("single")
show("single request   ", resp, dt)

t0 = time.time()
with concurrent.futures.ThreadPoolExecutor(n) as ex:
    results = list(ex.map(request, [f"c{i}-{random.randint(0, 10**9)}" for i in range(n)]))
wall = time.time() - t0
for i, (resp, dt) in enumerate(results):
    show(f"concurrent #{i + 1}    ", resp, dt)
gen = sum(r["timings"]["predicted_n"] for r, _ in results)
prompt = sum(r["timings"]["prompt_n"] for r, _ in results)
print(f"  {n} concurrent: wall {wall:.1f}s, {prompt} prompt + {gen} generated tokens, "
      f"{(prompt + gen) / wall:.1f} tok/s overall, {gen / wall:.1f} generated tok/s", flush=True)
PY
  stop_server
  rm -f "$LOG"
done
