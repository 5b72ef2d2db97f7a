#!/usr/bin/env bash
# Install the test dependencies and run the whole suite (lint, unit, state, API, browser).
# Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own download.
source "$(dirname "$0")/_venv.sh" test
if [ -z "${CHROMIUM_PATH:-}" ] && [ -x /usr/bin/chromium ]; then
  export CHROMIUM_PATH=/usr/bin/chromium
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  python -m playwright install chromium
fi
ruff check .
if [ "$#" -gt 0 ]; then
  exec python -m pytest "$@"
fi
# The whole suite: the tests outside the browser on every core (each worker makes its own databases), then the
# browser tests in one process (they share one built app per deployment and one Chromium). Both parts always run.
status=0
python -m pytest -n auto --ignore=tests/e2e || status=$?
python -m pytest tests/e2e || status=$?
exit "$status"
