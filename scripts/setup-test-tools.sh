#!/usr/bin/env bash
# Installs what the test suite uses beyond Swift: headless Chromium (Debian's `chromium`), which
# renders the HTML report to a PNG in the screenshot test. Idempotent; without it that one test
# is skipped, with a message saying so.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    echo "setup-test-tools.sh: chromium already installed"
    exit 0
fi
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
log=$(mktemp)
if ! { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium; } >"$log" 2>&1; then
    echo "setup-test-tools.sh: installing chromium with apt-get failed ($(tail -1 "$log")); install it by hand (apt-get install chromium) and re-run." >&2
    exit 1
fi
echo "setup-test-tools.sh: chromium installed"
