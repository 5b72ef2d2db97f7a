"""`GET /staf/asli/{id}`: the original of a redaction, for a signed-in admin only."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.domain.accounts import SESSION_COOKIE
from pengaduan_app.domain.moderation import redact_photo, redact_text
from pengaduan_app.media import MediaStore, process_photo
from pengaduan_app.models import AuditEntry, Photo, Redaction
from tests.builders import build_city, jpeg_bytes, make_report, sign_in_staff


@pytest.fixture
def city(app_db):
    return build_city(app_db)


@pytest.fixture
def redactions(app_db, city):
    """(text redaction id, photo redaction id) on one report."""
    report = make_report(app_db, city.kel_a1, title="Judul dengan nama Pak Budi")
    processed = process_photo(jpeg_bytes(120, 90))
    files = MediaStore(get_settings().media_dir).save(processed)
    photo = Photo(
        report_id=report.id,
        sha256=processed.sha256,
        filename=files.filename,
        thumb_filename=files.thumb_filename,
        width=processed.width,
        height=processed.height,
    )
    app_db.add(photo)
    app_db.commit()
    text = redact_text(app_db, city.moderator, report.tracking_code, "title", "Judul [disunting]", "Nama orang")
    picture = redact_photo(app_db, city.moderator, photo.id, (0.1, 0.1, 0.5, 0.5), "Wajah")
    app_db.commit()
    return text.id, picture.id, processed.image


def _client(app_db, username: str | None) -> TestClient:
    client = TestClient(build_api())
    if username:
        client.cookies.set(SESSION_COOKIE, sign_in_staff(app_db, username))
        app_db.commit()
    return client


@pytest.mark.parametrize("who", [None, "lurah.alfa1", "camat.alfa", "moderator"])
def test_nobody_but_an_admin_gets_an_original(app_db, redactions, who):
    text_id, photo_id, _ = redactions
    client = _client(app_db, who)
    for redaction_id in (text_id, photo_id):
        response = client.get(f"/staf/asli/{redaction_id}")
        assert response.status_code == 403
        assert "Pak Budi" not in response.text
    assert not app_db.exec(select(AuditEntry).where(AuditEntry.action == "view_original")).all()


def test_a_forged_or_expired_session_is_refused(app_db, redactions):
    client = TestClient(build_api())
    client.cookies.set(SESSION_COOKIE, "x" * 43)
    assert client.get(f"/staf/asli/{redactions[0]}").status_code == 403


def test_an_admin_gets_the_original_text_and_photo(app_db, redactions):
    text_id, photo_id, original_image = redactions
    client = _client(app_db, "admin")

    text = client.get(f"/staf/asli/{text_id}")
    assert text.status_code == 200 and text.text == "Judul dengan nama Pak Budi"
    assert text.headers["content-type"].startswith("text/plain")
    assert text.headers["cache-control"] == "private, no-store"

    photo = client.get(f"/staf/asli/{photo_id}")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.content == original_image
    assert len(app_db.exec(select(AuditEntry).where(AuditEntry.action == "view_original")).all()) == 2


def _kept_name(session, redaction_id: int) -> str:
    return session.get(Redaction, redaction_id).original


def test_unknown_or_malformed_ids_are_not_found(app_db, redactions):
    client = _client(app_db, "admin")
    assert client.get("/staf/asli/999999").status_code == 404
    assert client.get(f"/staf/asli/{2**70}").status_code == 404
    assert client.get("/staf/asli/abc").status_code == 404
    original_photo = client.get(f"/media/{_kept_name(app_db, redactions[1])}")
    assert original_photo.status_code == 404  # the original is no longer served publicly
