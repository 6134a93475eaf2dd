#!/usr/bin/env bash
# Installs what `peerpreserve harness` needs, idempotently:
#
#   Debian packages   openssh-server (sshd for the two episode servers), socat (the model
#                     forwarder), fuse3 + libfuse2 (the /data file system), iproute2, util-linux
#   $CACHE/venvs/harness   a Python venv with mini-swe-agent and mcp (the shipped agent adapter)
#                          and peerpreserve-datafs (scripts/harness/datafs, our FUSE tool)
#
# CACHE is ${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}. Nothing prebuilt is fetched: sshd
# comes from Debian, the rest from PyPI. Installing openssh-server must not leave a host sshd
# running: where systemd manages services the ssh service is stopped and disabled (episodes
# start their own sshd, inside the episode's network namespace).
#
# A re-run with everything in place takes about a second. Any failure stops with one line
# "setup-harness: <problem>. <fix>." and a non-zero exit status.
set -Eeuo pipefail

MINI_SWE_AGENT_VERSION="2.4.6"
MCP_VERSION="2.3.0"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${PEERPRESERVE_CACHE:-$HOME/.cache/peerpreserve}"
VENV="$CACHE/venvs/harness"
start=$(date +%s)

die() {
    echo "setup-harness: $1. $2." >&2
    exit 1
}

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"

missing=()
command -v /usr/sbin/sshd >/dev/null 2>&1 || missing+=(openssh-server)
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v fusermount3 >/dev/null 2>&1 || missing+=(fuse3)
ldconfig -p 2>/dev/null | grep -q 'libfuse.so.2' || missing+=(libfuse2)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-venv)
if ((${#missing[@]})); then
    log=$(mktemp)
    if ! { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        die "installing ${missing[*]} with apt-get failed ($(tail -1 "$log"))" "Install them by hand (apt-get install ${missing[*]}) and re-run"
    fi
    rm -f "$log"
    if [[ -d /run/systemd/system ]]; then
        $sudo systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
    fi
    echo "setup-harness: installed ${missing[*]}"
fi

# The venv: rebuilt when the pinned versions or the datafs source change.
stamp_value="mini-swe-agent==$MINI_SWE_AGENT_VERSION mcp==$MCP_VERSION datafs=$(cat "$SCRIPT_DIR"/harness/datafs/pyproject.toml "$SCRIPT_DIR"/harness/datafs/peerpreserve_datafs/*.py | sha256sum | cut -c1-16)"
if [[ -f $VENV/.peerpreserve-stamp && $(cat "$VENV/.peerpreserve-stamp") == "$stamp_value" && -x $VENV/bin/mini && -x $VENV/bin/peerpreserve-datafs ]]; then
    echo "setup-harness: already installed ($VENV) in $(($(date +%s) - start)) s"
    exit 0
fi
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
log="$CACHE/logs/setup-harness.log"
mkdir -p "$CACHE/logs"
python3 -m venv "$VENV" >"$log" 2>&1 || die "python3 -m venv failed (see $log)" "Install python3-venv (apt-get install python3-venv) and re-run"
"$VENV/bin/pip" install --disable-pip-version-check -q "mini-swe-agent==$MINI_SWE_AGENT_VERSION" "mcp==$MCP_VERSION" "$SCRIPT_DIR/harness/datafs" >>"$log" 2>&1 ||
    die "pip could not install mini-swe-agent, mcp and peerpreserve-datafs (see $log)" "Check that PyPI is reachable and re-run"
echo "$stamp_value" >"$VENV/.peerpreserve-stamp"
echo "setup-harness: installed $VENV in $(($(date +%s) - start)) s"
