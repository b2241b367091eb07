#!/usr/bin/env bash
# The whole test suite from a fresh clone: a virtualenv in .venv, the project with its test extras, the Bot API
# emulator from npm (pinned in tests/e2e/package.json), then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
if [ -f tests/e2e/package.json ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
exec .venv/bin/python -m pytest "$@"
