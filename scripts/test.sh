#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian/Ubuntu machine and run it.
#   bash scripts/test.sh                 # SQLite
#   TRACKER_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tracker_test bash scripts/test.sh
# Extra arguments go to pytest (e.g. -k louisiana, -x).
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests have a virtual environment of their own (.venv-test), so running them never reinstalls
# the one a running dashboard uses (.venv, from the README's dashboard command).
# It is (re)built only when it is missing or pyproject.toml, the Python or the checkout's path changed
# since the last install (a stamp file inside it); TEST_REINSTALL=1 forces a fresh install.
VENV=.venv-test
STAMP="$VENV/.installed"
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1) $(python3 -VV | tr -d '\n') $PWD"
if [ "${TEST_REINSTALL:-0}" = 1 ] || [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  rm -f "$STAMP"
  python3 -m venv "$VENV"
  "$VENV"/bin/python -m pip install -q --upgrade pip
  "$VENV"/bin/python -m pip install -q -e '.[test]'
  echo "$WANT" >"$STAMP"
fi
# Bytecode is cached under .venv-test (not beside the sources), and written even where the shell sets
# PYTHONDONTWRITEBYTECODE: every worker and every `python -m tracker` a test starts would otherwise
# compile the package, the tests and their libraries again (a few seconds per process).
export PYTHONPYCACHEPREFIX="$PWD/$VENV/pycache"
unset PYTHONDONTWRITEBYTECODE

# Browser tests drive the Debian Chromium through Playwright (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is not installed: browser tests will be skipped (sudo apt-get install chromium)" >&2
  fi
fi

# axe-core (the accessibility rules engine) for the browser tests, into a local folder (.npm-test);
# tests/browser injects node_modules/axe-core/axe.min.js into each page (issue #15).
if [ -f .npm-test/node_modules/axe-core/axe.min.js ]; then
  :  # installed by an earlier run
elif command -v npm >/dev/null 2>&1; then
  npm install --prefix .npm-test --no-save --no-audit --no-fund --silent axe-core@4
else
  echo "npm is not installed: the accessibility checks of the browser tests will be skipped (apt-get install npm)" >&2
fi

# Layer rules (pyproject.toml [tool.importlinter]), the linter and the formatter before any test runs.
"$VENV"/bin/lint-imports --no-cache
"$VENV"/bin/ruff check --quiet .
"$VENV"/bin/ruff format --check --quiet .

# One worker more than there are cores (pytest-xdist; each PostgreSQL worker gets its own database):
# some tests wait (a busy timeout, a lock's time-to-live, a child process, Chromium), and the extra
# worker uses the core a waiting one leaves idle. Each file runs whole on one worker, longest files
# first (tests/conftest.py, LONG_FIRST), so module fixtures are made once and the workers finish
# together. pytest exits 5 when no test was collected; set -e makes that a failure too.
exec "$VENV"/bin/python -m pytest -n "${TEST_WORKERS:-$(($(nproc) + 1))}" --dist loadfile --no-loadscope-reorder "$@"
