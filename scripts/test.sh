#!/usr/bin/env bash
# The whole test suite from a fresh clone: a virtualenv in .venv, the project with its test extras, the Bot API
# emulator from npm (pinned in tests/e2e/package.json), then pytest in parallel (pytest-xdist). Extra arguments go
# to pytest; `-n 0` runs in one process, `-n 4` with four workers (or set DTI_TEST_WORKERS).
set -euo pipefail
cd "$(dirname "$0")/.."

# pip and npm run only when what they install from changed (each takes 10-25 s even with nothing to do).
. scripts/venv.sh
install_project ".[test]" .venv/.dti-test-installed
if [ -f tests/e2e/package.json ]; then
  npm_stamp=tests/e2e/node_modules/.dti-test-installed
  npm_wants="$(cat tests/e2e/package.json tests/e2e/package-lock.json | sha256sum)"
  if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_wants" ]; then
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
    echo "$npm_wants" > "$npm_stamp"
  fi
fi

# Bytecode is compiled once and kept under .venv/pycache (the source folders stay clean), also where the
# environment says PYTHONDONTWRITEBYTECODE: without it every worker and every `dti-bot` process a test starts
# compiles the project again, and pytest rewrites every test module's asserts again (half of collection's CPU).
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-$PWD/.venv/pycache}"

# The tests' files (tmp_path: SQLite databases, workbooks, evidence) live in memory when /dev/shm has 1 GiB free
# and TMPDIR names no other place: every SQLite commit waits for its journal to reach the disk, and that wait was
# a third of the SQLite tests' time on this machine (tests/test_forged_payloads.py 39 s on disk, 26 s in memory).
# No test checks what survives a power cut; pytest keeps the files of the last three runs, as in /tmp.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
   && [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -gt 1048576 ]; then
  export TMPDIR=/dev/shm
fi

# Workers: measured on this 2-core machine (README, "Tests"); the tests wait on subprocesses, the emulator and
# PostgreSQL, so more workers than cores pays. `-p no:xdist` among the arguments turns parallel runs off.
parallel=(-n "${DTI_TEST_WORKERS:-3}" --dist loadgroup)
for arg in "$@"; do
  [ "$arg" = "no:xdist" ] && parallel=()
done
exec .venv/bin/python -m pytest "${parallel[@]}" "$@"
