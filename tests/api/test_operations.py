"""/healthz, /metrics behind its setting, and the JSON log lines, through the mounted Starlette app."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import session_scope
from pengaduan_app.domain.audit import record
from pengaduan_app.domain.limits import Submitter
from pengaduan_app.domain.submission import SubmissionLimited, UploadedPhoto, submit_report
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.media import MediaStore
from pengaduan_app.ops.logs import LOGGER
from pengaduan_app.ops.middleware import observe
from tests.builders import good_draft, jpeg_bytes


def test_healthy_when_every_part_is(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "failing": [],
        "checks": {"database": "ok", "migrations": "ok", "media": "ok"},
    }


def test_a_schema_behind_the_code_is_named(client, app_db):
    with session_scope() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["migrations"]
    assert answer.json()["checks"]["migrations"].startswith("at 0005, expected ")


def test_an_unwritable_media_store_is_named(client, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(blocker))
    get_settings.cache_clear()
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["media"]


def test_an_unreachable_database_is_named(client, tmp_path, monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")
    get_settings.cache_clear()
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["database", "migrations"]
    assert answer.json()["checks"]["database"].startswith("unreachable")


def test_metrics_answer_only_when_enabled(client, monkeypatch):
    assert client.get("/metrics").status_code == 404
    monkeypatch.setenv("PENGADUAN_METRICS", "1")
    get_settings.cache_clear()
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    assert "pengaduan_request_seconds" in answer.text


def sample(client, name: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(name + " ") or (line.startswith(name + "{") and line.split(" ")[0] == name):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_filed_reports_and_limit_refusals_are_counted(client, app_db, monkeypatch, tmp_path):
    monkeypatch.setenv("PENGADUAN_METRICS", "1")
    get_settings.cache_clear()
    ensure_fallback_areas(app_db)
    app_db.commit()
    settings = replace(get_settings(), report_limit_per_person_hour=1)
    filed, refused = (
        'pengaduan_reports_filed_total{channel="web"}',
        'pengaduan_rate_limit_refusals_total{limit="report"}',
    )
    before = sample(client, filed), sample(client, refused)
    submitter = Submitter(person_hash="p" * 64, address_hash="a" * 64)
    photos = [UploadedPhoto("a.jpg", jpeg_bytes())]
    with session_scope() as session:
        submit_report(session, good_draft(), photos, settings=settings, store=MediaStore(tmp_path), submitter=submitter)
    with pytest.raises(SubmissionLimited), session_scope() as session:
        draft = good_draft(title="Laporan kedua dalam satu jam")
        submit_report(session, draft, photos, settings=settings, store=MediaStore(tmp_path), submitter=submitter)

    assert (sample(client, filed), sample(client, refused)) == (before[0] + 1, before[1] + 1)


def test_counts_add_up_across_worker_processes(tmp_path):
    """Two processes count into the shared folder; a third (any worker's /metrics) sees both."""
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    count = "from pengaduan_app.ops import metrics; metrics.report_filed('web'); metrics.rate_limited('api_key')"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    show = "from pengaduan_app.ops import metrics; print(metrics.exposition()[0].decode())"
    text_out = subprocess.run([sys.executable, "-c", show], env=env, check=True, capture_output=True, text=True).stdout
    assert 'pengaduan_reports_filed_total{channel="web"} 2.0' in text_out
    assert 'pengaduan_rate_limit_refusals_total{limit="api_key"} 2.0' in text_out


@pytest.fixture
def log_lines():
    lines: list[dict] = []

    class Keep(logging.Handler):
        def emit(self, record_):
            lines.append(json.loads(record_.getMessage()))

    handler = Keep()
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    yield lines
    LOGGER.removeHandler(handler)


def test_one_log_line_per_request_without_personal_data(app_db, log_lines):
    observed = TestClient(observe(build_api()), base_url="http://testserver")
    observed.get("/laporan/JKT-2611-00001?kunci=rahasia", headers={"X-Forwarded-For": "203.0.113.9"})
    observed.get("/healthz")

    assert [(line["kind"], line["method"], line["part"], line["status"]) for line in log_lines] == [
        ("request", "GET", "page", 404),
        ("request", "GET", "health", 200),
    ]
    written = json.dumps(log_lines)
    assert "JKT-2611" not in written and "rahasia" not in written and "203.0.113" not in written
    assert all(line["ms"] >= 0 for line in log_lines)


def test_a_staff_action_is_logged_once_committed(app_db, log_lines):
    with session_scope() as session:
        record(session, None, "handover", target="Kecamatan Tebet", note="pelapor Siti, 0812...")
    with pytest.raises(RuntimeError), session_scope() as session:
        record(session, None, "reject")
        raise RuntimeError("rolled back: no line")

    assert log_lines == [{"at": log_lines[0]["at"], "kind": "staff_action", "action": "handover", "staff": None,
                          "report": None}]  # fmt: skip
