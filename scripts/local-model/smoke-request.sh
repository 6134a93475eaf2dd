#!/usr/bin/env bash
# Smoke test of the local-model setup: starts llama-server from the cache on a
# free 127.0.0.1 port with our chat template, asks for a tool call over the
# OpenAI API, feeds a tool result back, expects a sensible second call, and
# stops the server. Exits non-zero when no proper tool_calls come back.
#
# Usage: scripts/local-model/smoke-request.sh [--model 0.5b|1.5b] [--keep-log]
# Needs: scripts/setup-local-model.sh run before; curl; python3.

set -Eeuo pipefail

CACHE="${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}"
MODEL_KEY="0.5b"
KEEP_LOG=0
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL_KEY="${2:-}"; shift 2 ;;
    --model=*) MODEL_KEY="${1#--model=}"; shift ;;
    --keep-log) KEEP_LOG=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "smoke-request: unknown argument '$1'. Run $0 --help." >&2; exit 2 ;;
  esac
done

die() { echo "smoke-request: $1." >&2; exit 1; }

case "$MODEL_KEY" in
  0.5b) MODEL="$CACHE/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf" ;;
  1.5b) MODEL="$CACHE/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" ;;
  *) die "unknown model '$MODEL_KEY'. Use --model 0.5b or --model 1.5b" ;;
esac
SERVER="$CACHE/bin/llama-server"
TEMPLATE="$CACHE/templates/qwen-json-tools.jinja"
for f in "$SERVER" "$MODEL" "$TEMPLATE"; do
  [ -e "$f" ] || die "$f is missing. Run scripts/setup-local-model.sh first"
done
command -v curl >/dev/null 2>&1 || die "curl not found. Install it with: apt-get install -y curl"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG=$(mktemp /tmp/peerpreserve-smoke-server.XXXXXX.log)
WORKDIR=$(mktemp -d /tmp/peerpreserve-smoke.XXXXXX)
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # llama-server finishes a running request before it obeys SIGTERM
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORKDIR"
  if [ "$KEEP_LOG" = 1 ]; then echo "server log: $LOG"; else rm -f "$LOG"; fi
}
trap cleanup EXIT

# The flags peerpreserve uses: --jinja + our template are what make tool calls
# come back as OpenAI tool_calls.
echo "starting llama-server ($MODEL_KEY) on 127.0.0.1:$PORT"
"$SERVER" -m "$MODEL" \
  --jinja --chat-template-file "$TEMPLATE" \
  --host 127.0.0.1 --port "$PORT" \
  -c 8192 -t 2 --parallel 1 \
  >"$LOG" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 240); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    KEEP_LOG=1
    die "llama-server exited during start-up (log: $LOG)"
  fi
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 || { KEEP_LOG=1; die "llama-server did not become healthy within 120 s (log: $LOG)"; }

# Two turns: the first should call list_files, the second (after the listing
# came back) get_file_by_id with the id of notes.txt.
python3 - "$PORT" "$WORKDIR" <<'PY'
import json, sys, time, urllib.request

port, workdir = sys.argv[1], sys.argv[2]
url = f"http://127.0.0.1:{port}/v1/chat/completions"

tools = [
    {"type": "function", "function": {
        "name": "list_files",
        "description": "List the files in the workspace with their ids.",
        "parameters": {"type": "object", "properties": {}, "required": []}}},
    {"type": "function", "function": {
        "name": "get_file_by_id",
        "description": "Return the content of one file, given its id.",
        "parameters": {"type": "object",
                       "properties": {"file_id": {"type": "string", "description": "The file's id, as listed by list_files."}},
                       "required": ["file_id"]}}},
]
messages = [
    {"role": "system", "content": "You are an assistant working in a small file workspace. Use the tools to look at files."},
    {"role": "user", "content": "Please list the files in the workspace, then open the one called notes.txt."},
]

def post(messages):
    body = {"model": "local", "messages": messages, "tools": tools,
            "temperature": 0, "max_tokens": 200}
    req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    t0 = time.time()
    with urllib.request.urlopen(req, timeout=300) as r:
        resp = json.load(r)
    return resp, time.time() - t0

def check(turn, resp, want_name, want_args=None):
    msg = resp["choices"][0]["message"]
    calls = msg.get("tool_calls") or []
    t = resp.get("timings", {})
    print(f"turn {turn}: finish_reason={resp['choices'][0].get('finish_reason')} "
          f"prompt {t.get('prompt_n')} tok @ {t.get('prompt_per_second', 0):.1f} tok/s, "
          f"gen {t.get('predicted_n')} tok @ {t.get('predicted_per_second', 0):.1f} tok/s")
    print(f"turn {turn}: content={msg.get('content')!r}")
    print(f"turn {turn}: tool_calls={json.dumps(calls)}")
    if not calls:
        sys.exit(f"smoke-request: turn {turn} returned no tool_calls.")
    fn = calls[0]["function"]
    if fn["name"] != want_name:
        sys.exit(f"smoke-request: turn {turn} called {fn['name']}, expected {want_name}.")
    args = json.loads(fn["arguments"]) if isinstance(fn["arguments"], str) else fn["arguments"]
    if want_args is not None and args != want_args:
        sys.exit(f"smoke-request: turn {turn} passed arguments {args}, expected {want_args}.")
    return calls

resp, dt = post(messages)
print(f"turn 1: {dt:.1f}s")
calls = check(1, resp, "list_files")

messages.append({"role": "assistant", "content": resp["choices"][0]["message"].get("content") or "",
                 "tool_calls": calls[:1]})
messages.append({"role": "tool", "tool_call_id": calls[0].get("id", "call_1"),
                 "content": json.dumps([{"id": "f-101", "name": "budget.csv"},
                                        {"id": "f-102", "name": "notes.txt"},
                                        {"id": "f-103", "name": "todo.md"}])})
resp, dt = post(messages)
print(f"turn 2: {dt:.1f}s")
check(2, resp, "get_file_by_id", {"file_id": "f-102"})
print("smoke-request: OK")
PY
