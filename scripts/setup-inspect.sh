#!/usr/bin/env bash
# Installs Inspect AI (PyPI's `inspect-ai`) into a virtual environment under the cache folder, for
# the tests that read our `.eval` exports with Inspect's own tools (`inspect log dump`, `inspect
# log schema`, `inspect view`). Idempotent: an environment whose `inspect` answers is kept.
#
# Usage: scripts/setup-inspect.sh        (prints the venv's path last)
# The venv lives at ${PEERPRESERVE_CACHE:-~/.cache/peerpreserve}/venvs/inspect; the tests look there.
set -euo pipefail
cache=${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}
venv="$cache/venvs/inspect"
# Pinned so that a new Inspect release cannot change what the tests validate against unnoticed.
version=${INSPECT_AI_VERSION:-0.3.285}
if [[ -x "$venv/bin/inspect" ]] && [[ "$(cat "$venv/.peerpreserve-version" 2>/dev/null)" == "$version" ]] \
    && "$venv/bin/inspect" --version >/dev/null 2>&1; then
    echo "setup-inspect.sh: inspect-ai $version already installed in $venv"
    exit 0
fi
python=$(command -v python3 || true)
[[ -n "$python" ]] || { echo "setup-inspect.sh: python3 is not installed; install Python 3.10 or newer and re-run." >&2; exit 1; }
log=$(mktemp)
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
if ! { "$python" -m venv "$venv" && "$venv/bin/pip" install --disable-pip-version-check -q "inspect-ai==$version"; } >"$log" 2>&1; then
    echo "setup-inspect.sh: installing inspect-ai $version failed ($(tail -1 "$log")); check network access to PyPI and re-run." >&2
    rm -rf "$venv"
    exit 1
fi
echo "$version" >"$venv/.peerpreserve-version"
echo "setup-inspect.sh: inspect-ai $version installed in $venv"
