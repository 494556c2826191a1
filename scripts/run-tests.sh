#!/usr/bin/env bash
# Runs the whole suite. Under CI=true, tests that need chromium or promtool fail instead of
# skipping (see tests/conftest.py). pytest's exit code 5 ("no tests collected") is an error.
set -uo pipefail
venv=${1:-.venv}
mkdir -p test-artifacts
"$venv/bin/python" -m pytest "${PYTEST_ARGS[@]:-}" ${PYTEST_ADDOPTS_EXTRA:-}
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass." >&2
  exit 1
fi
exit "$rc"
