"""The Open311 API through Starlette's test client, on a fresh database with categories, areas and an API key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import get_engine, get_read_engine
from pengaduan_app.domain import roles
from pengaduan_app.domain.accounts import StaffIdentity, create_staff, identity_of
from pengaduan_app.domain.api_keys import create_api_key
from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.domain.submission import UploadedPhoto, submit_report
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.router import invalidate_router
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Report
from tests.conftest import migrate
from tests.helpers import good_draft, jpeg_bytes


def _prepare(url: str, tmp_path, monkeypatch) -> Iterator[Session]:
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    invalidate_router()
    migrate(url)
    with Session(get_read_engine(), expire_on_commit=False) as session:
        ensure_categories(session)
        ensure_fallback_areas(session)
        session.commit()
        yield session
    get_engine().dispose()
    invalidate_router()
    get_settings.cache_clear()


@pytest.fixture
def db(tmp_path, monkeypatch) -> Iterator[Session]:
    """The app's own database (SQLite), as the API sees it."""
    yield from _prepare(f"sqlite:///{tmp_path / 'open311.db'}", tmp_path, monkeypatch)


@pytest.fixture
def any_db(any_db_url, tmp_path, monkeypatch) -> Iterator[Session]:
    """Like `db`, on SQLite and on PostgreSQL."""
    yield from _prepare(any_db_url, tmp_path, monkeypatch)


@pytest.fixture
def api(db) -> TestClient:
    return TestClient(build_api(), base_url="http://testserver")


def make_admin(session: Session, username: str = "admin") -> StaffIdentity:
    user = create_staff(
        session, username=username, display_name="Admin Kota", password="kata-sandi-admin", role=roles.ADMIN
    )
    session.commit()
    return identity_of(session, user)


@pytest.fixture
def admin(db) -> StaffIdentity:
    return make_admin(db)


@pytest.fixture
def api_key(db, admin) -> str:
    key = create_api_key(db, admin, "Aplikasi Uji").key
    db.commit()
    return key


REPORTER = "Siti Rahasiawati"
CONTACT = "siti.rahasia@contoh.id"


def file_report(session: Session, *, now: datetime | None = None, **changes) -> Report:
    """A report filed through the web form's domain path (routed, with a photo), by a named reporter."""
    settings = get_settings()
    draft = good_draft(reporter_name=REPORTER, reporter_contact=CONTACT, **changes)
    photos = [UploadedPhoto("a.jpg", jpeg_bytes())]
    report = submit_report(session, draft, photos, settings=settings, store=MediaStore(settings.media_dir), now=now)
    session.commit()
    return report
