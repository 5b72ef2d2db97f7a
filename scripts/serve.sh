#!/usr/bin/env bash
# Install, migrate, seed demo data and serve Pengaduan on SQLite at http://localhost:${PORT:-3000}/
# (on PostgreSQL + Redis with several workers when REFLEX_DB_URL and REFLEX_REDIS_URL say so: see README).
extras=""
case "${REFLEX_DB_URL:-}" in postgresql*) extras="postgres" ;; esac
case "${PENGADUAN_MEDIA_URL:-}" in s3://*) extras="${extras:+$extras,}s3" ;; esac
# shellcheck disable=SC2086  # no extras: no argument
source "$(dirname "$0")/_venv.sh" $extras
export PENGADUAN_DEMO="${PENGADUAN_DEMO:-1}"
python -m pengaduan_app.cli prepare
PORT="${PORT:-3000}"
if [ "${PENGADUAN_METRICS:-0}" = "1" ] && [ -z "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  # Every worker writes its counts here and /metrics adds them up; emptied at each start (counters restart).
  export PROMETHEUS_MULTIPROC_DIR="${PENGADUAN_DATA_DIR:-data}/metrics"
  rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi
# Only pages served from here may talk to the backend (set your public address in production).
export REFLEX_CORS_ALLOWED_ORIGINS="${REFLEX_CORS_ALLOWED_ORIGINS:-http://localhost:${PORT},http://127.0.0.1:${PORT}}"
export PENGADUAN_PUBLIC_URL="${PENGADUAN_PUBLIC_URL:-http://localhost:${PORT}}"
echo "Pengaduan berjalan di / is running at: http://localhost:${PORT}/"
exec reflex run --env prod --single-port --frontend-port "$PORT"
