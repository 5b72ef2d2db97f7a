"""Photos in an S3-compatible bucket (moto's server, over HTTP): stored there, served only through the app,
originals kept apart for admins, health, and backups, exactly as with the local folder."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from pengaduan_app import cli
from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import session_scope
from pengaduan_app.domain.moderation import redact_photo
from pengaduan_app.domain.submission import UploadedPhoto, submit_report
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.media.s3 import S3Store
from pengaduan_app.media.stores import private_store, public_store
from pengaduan_app.models import Photo
from tests.api.test_originals import _client
from tests.builders import build_city, good_draft, jpeg_bytes
from tests.s3_server import moto_s3, new_bucket


@pytest.fixture(scope="module")
def s3_endpoint():
    with moto_s3() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint, app_db, monkeypatch):
    bucket = new_bucket(s3_endpoint)
    for name, value in bucket.environment().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield bucket
    get_settings.cache_clear()


def file_report(app_db) -> tuple[str, bytes]:
    ensure_fallback_areas(app_db)
    app_db.commit()
    settings = get_settings()
    with session_scope() as session:
        report = submit_report(
            session, good_draft(), [UploadedPhoto("a.jpg", jpeg_bytes(120, 90))], settings=settings,
            store=public_store(settings),
        )  # fmt: skip
        photo = session.exec(select(Photo).where(Photo.report_id == report.id)).one()
        return photo.filename, photo.thumb_filename


def test_photos_go_to_the_bucket_and_come_back_through_the_app(bucket, app_db):
    assert isinstance(public_store(), S3Store)
    filename, thumb = file_report(app_db)

    assert bucket.keys("media") == sorted([filename, thumb])
    assert not (get_settings().data_dir / "media").exists()  # nothing on the local disk
    stored = bucket.client().get_object(Bucket=bucket.name, Key=f"{bucket.prefix}/media/{filename}")["Body"].read()
    client = TestClient(build_api())
    answer = client.get(f"/media/{filename}")
    assert answer.status_code == 200 and answer.content == stored
    assert answer.headers["content-type"] == "image/jpeg"
    assert client.get(f"/media/{'0' * 64}.jpg").status_code == 404
    assert client.get("/media/..%2Fprivate%2Fx.jpg").status_code == 404


def test_objects_are_private_no_public_grant(bucket, app_db):
    filename, _ = file_report(app_db)
    acl = bucket.client().get_object_acl(Bucket=bucket.name, Key=f"{bucket.prefix}/media/{filename}")
    grantees = [grant["Grantee"].get("URI", "") for grant in acl["Grants"]]
    assert not any("AllUsers" in uri or "AuthenticatedUsers" in uri for uri in grantees)


def test_a_redacted_original_stays_private_and_only_an_admin_gets_it(bucket, app_db):
    filename, thumb = file_report(app_db)
    city = build_city(app_db)
    original = public_store().read(filename)
    photo = app_db.exec(select(Photo).where(Photo.filename == filename)).one()
    redaction = redact_photo(app_db, city.admin, photo.id, (0.1, 0.1, 0.5, 0.5), "Wajah")
    app_db.commit()

    assert filename not in bucket.keys("media") and thumb not in bucket.keys("media")
    assert filename in bucket.keys("private")
    assert TestClient(build_api()).get(f"/media/{filename}").status_code == 404
    assert _client(app_db, "lurah.alfa1").get(f"/staf/asli/{redaction.id}").status_code == 403
    answer = _client(app_db, "admin").get(f"/staf/asli/{redaction.id}")
    assert answer.status_code == 200 and answer.content == original
    assert answer.headers["cache-control"] == "private, no-store"


def test_health_checks_the_bucket(bucket, app_db, monkeypatch):
    client = TestClient(build_api())
    assert client.get("/healthz").json()["checks"]["media"] == "ok"
    monkeypatch.setenv("PENGADUAN_MEDIA_URL", "s3://no-such-bucket/x")
    get_settings.cache_clear()
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["failing"] == ["media"]


def test_backup_and_restore_take_the_photos_from_and_to_the_bucket(bucket, app_db, tmp_path):
    filename, _ = file_report(app_db)
    city = build_city(app_db)
    photo = app_db.exec(select(Photo).where(Photo.filename == filename)).one()
    redact_photo(app_db, city.admin, photo.id, (0.1, 0.1, 0.5, 0.5), "Wajah")
    app_db.commit()
    before = {folder: {n: s.read(n) for n in s.names()} for folder, s in (("media", public_store()),
                                                                          ("private", private_store()))}  # fmt: skip
    assert before["media"] and before["private"]
    archive = tmp_path / "cadangan.tar"
    assert cli.main(["backup", str(archive)]) == 0
    for store in (public_store(), private_store()):
        for name in store.names():
            store.remove(name)
    assert bucket.keys("media") == [] and bucket.keys("private") == []

    assert cli.main(["restore", str(archive)]) == 0
    after = {folder: {n: s.read(n) for n in s.names()} for folder, s in (("media", public_store()),
                                                                         ("private", private_store()))}  # fmt: skip
    assert after == before
