#!/usr/bin/env bash
# Install everything the tests need and run the whole suite: lint, unit, browser, a11y, HTML.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/members -x).
source "$(dirname "$0")/_common.sh"
ensure_python_env dev
source scripts/_browser_tools.sh
ensure_browser_tools
[ -n "${REDIS_URL:-}" ] || start_test_redis

export SECRET_KEY=${SECRET_KEY:-test-suite-only-7vHzqRkgMOcxylyVt438oiL_cl35055mHQ4srJ8L0hniMjuR2VJoWSuhnX_z}
export DEBUG=False
say "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
say "import contract (lint-imports)"
.venv/bin/lint-imports --no-cache
compile_translations
.venv/bin/python manage.py collectstatic --no-input -v 0
say "pytest"
.venv/bin/python -m pytest "$@"
