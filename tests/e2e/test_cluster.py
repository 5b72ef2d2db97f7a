"""The production path behaves like the embedded one: several workers, one shared state.

Run on both deployments (see conftest): on SQLite exactly one worker answers; on PostgreSQL + Redis every worker
answers, and what a visitor did survives their connection moving to another worker.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import CLUSTER_WORKERS

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]

RECONNECTS = 6


def answering_workers(base_url: str, requests: int = 80) -> set[int]:
    """The worker processes that answer fresh connections (no keep-alive, so each request may land elsewhere)."""
    workers = set()
    for _ in range(requests):
        with httpx.Client(base_url=base_url, timeout=10) as client:
            workers.add(client.get("/api/health").json()["worker"])
    return workers


def test_the_expected_number_of_workers_answer(base_url, deployment):
    expected = CLUSTER_WORKERS if deployment == "cluster" else 1
    assert len(answering_workers(base_url)) == expected


def test_a_draft_survives_reconnecting_to_any_worker(page: Page):
    """Each reload opens a new event socket, which the cluster may give to either worker: the state the first
    worker kept must come back from Redis whichever worker answers."""
    page.goto("/lapor")
    page.fill("#title", "Draf yang harus tetap ada")
    page.locator("#description").focus()  # the title reaches the server after the input's debounce
    page.wait_for_timeout(600)
    for _ in range(RECONNECTS):
        page.reload()
        expect(page.locator("#title")).to_have_value("Draf yang harus tetap ada")


def test_photos_live_in_the_shared_store_and_every_worker_serves_them(base_url, app_env, deployment, file_report):
    """On the cluster the photos are in the bucket (no worker's disk); whichever worker answers serves them."""
    from sqlmodel import Session, select

    from pengaduan_app.db import make_engine
    from pengaduan_app.models import Photo, Report
    from tests.s3_server import Bucket

    code = file_report(title="Foto di penyimpanan bersama")
    engine = make_engine(app_env["REFLEX_DB_URL"])
    with Session(engine) as session:
        report_id = session.exec(select(Report.id).where(Report.tracking_code == code)).one()
        photo = session.exec(select(Photo).where(Photo.report_id == report_id)).one()
    engine.dispose()
    bucket = Bucket.of(app_env)
    if deployment == "cluster":
        assert {photo.filename, photo.thumb_filename} <= set(bucket.keys("media"))
        assert not (Path(app_env["PENGADUAN_DATA_DIR"]) / "media" / photo.filename).exists()
    else:
        assert bucket is None and (Path(app_env["PENGADUAN_DATA_DIR"]) / "media" / photo.filename).is_file()

    media_served = 'pengaduan_request_seconds_count{part="media"}'
    before = metric(base_url, media_served)
    workers, answers = set(), set()
    for _ in range(40):
        with httpx.Client(base_url=base_url, timeout=10) as client:
            workers.add(client.get("/api/health").json()["worker"])
            answer = client.get(f"/media/{photo.filename}")
            answers.add((answer.status_code, answer.headers.get("content-type"), len(answer.content) > 0))
    assert answers == {(200, "image/jpeg", True)}
    assert len(workers) == (CLUSTER_WORKERS if deployment == "cluster" else 1)
    # Any worker's /metrics counts every worker's requests (multi-process mode on the cluster).
    assert metric(base_url, media_served) == before + 40


def metric(base_url: str, name: str) -> float:
    text = httpx.get(f"{base_url}/metrics", timeout=10).text
    return next((float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name + " ")), 0.0)


def test_health_names_every_part_ok(base_url):
    """Database, migrations and the photo store (the bucket on the cluster) from the running app."""
    for _ in range(6):
        answer = httpx.get(f"{base_url}/healthz", timeout=10)
        assert answer.status_code == 200
        assert answer.json()["checks"] == {"database": "ok", "migrations": "ok", "media": "ok"}


def test_an_api_keys_limit_holds_across_workers_and_its_use_is_saved(base_url, app_env):
    """Open311 POSTs with one key over fresh connections (so the cluster spreads them over its workers): exactly
    the per-minute limit is accepted and the rest answered 429, and the key's last use is stored."""
    import time
    from datetime import UTC, datetime

    from sqlmodel import Session, select

    from pengaduan_app.db import make_engine
    from pengaduan_app.domain.accounts import identity_of
    from pengaduan_app.domain.api_keys import create_api_key
    from pengaduan_app.models import ApiKey, StaffUser

    limit = int(app_env.get("PENGADUAN_API_REQUESTS_PER_MINUTE", "60"))
    engine = make_engine(app_env["REFLEX_DB_URL"])
    with Session(engine) as session:
        admin = session.exec(select(StaffUser).where(StaffUser.username == "admin")).one()
        key = create_api_key(session, identity_of(session, admin), "Uji batas lintas pekerja").key
        session.commit()
    if datetime.now(UTC).second > 35:  # the limit counts calendar minutes: start the burst in a fresh one
        time.sleep(61 - datetime.now(UTC).second)
    # Far from the places other tests file near (Monas): these reports must not appear in their suggestions.
    fields = {"api_key": key, "service_code": "sampah", "lat": "-6.3015", "long": "106.8935"}
    answers = []
    for number in range(limit + 5):
        with httpx.Client(base_url=base_url, timeout=30) as client:
            description = f"Sampah menumpuk di trotoar, permintaan uji nomor {number} lintas pekerja."
            answers.append(client.post("/open311/v2/requests.json", data={**fields, "description": description}))
    assert [a.status_code for a in answers].count(201) == limit
    assert all(a.status_code == 429 and a.headers["Retry-After"] for a in answers[limit:])
    with Session(engine) as session:
        assert session.exec(select(ApiKey.last_used_at).where(ApiKey.prefix == key.split("_")[1])).one() is not None
    engine.dispose()
