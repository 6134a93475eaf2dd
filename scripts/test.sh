#!/usr/bin/env bash
# The project's test command: lint, a warning-free build, and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint (swift format, .swift-format)"
swift format lint --strict -r Sources Tests Package.swift

echo "== build (must be warning-free)"
log=$(mktemp)
swift build --build-tests 2>&1 | tee "$log" | grep -E "error|warning: " || true
if grep -E "^/.*/(Sources|Tests)/.*warning: " "$log" | grep -v "/.build/" >/dev/null; then
    echo "test.sh: the build has warnings in the project's own code (listed above). Fix them." >&2
    exit 1
fi
if grep -q "error:" "$log"; then
    echo "test.sh: the build failed (errors above)." >&2
    exit 1
fi

echo "== tests"
# The harness tests start real servers and a Python agent: CPU-heavy enough on 2 cores to push the
# request deadlines of timing-sensitive tests elsewhere, so they run on their own, after the rest.
swift test --skip-build --skip HarnessTests
echo "== harness tests"
swift test --skip-build --filter HarnessTests
