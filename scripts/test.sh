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
exec python -m pytest "$@"
