#!/usr/bin/env bash
# Install, migrate, seed demo data and serve Pengaduan on SQLite at http://localhost:${PORT:-3000}/
source "$(dirname "$0")/_venv.sh"
export PENGADUAN_DEMO="${PENGADUAN_DEMO:-1}"
python -m pengaduan_app.cli prepare
PORT="${PORT:-3000}"
echo "Pengaduan berjalan di / is running at: http://localhost:${PORT}/"
exec reflex run --env prod --single-port --frontend-port "$PORT"
