#!/usr/bin/env bash
# Runs the whole suite (extra pytest arguments pass through). Under CI=true, tests that need
# chromium, promtool or PostgreSQL fail instead of skipping (see tests/conftest.py).
# pytest's exit code 5 ("no tests collected") is a failure, not a pass.
set -uo pipefail
venv=${1:-.venv}
shift || true
mkdir -p test-artifacts
"$venv/bin/python" -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass." >&2
  exit 1
fi
exit "$rc"
