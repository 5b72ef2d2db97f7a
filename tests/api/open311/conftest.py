"""The Open311 API through the test client (`client`) on the app's database (`app_db`), with an admin and an API key."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session

from pengaduan_app.config import get_settings
from pengaduan_app.domain import permissions
from pengaduan_app.domain.accounts import StaffIdentity, create_staff, identity_of
from pengaduan_app.domain.api_keys import create_api_key
from pengaduan_app.domain.submission import UploadedPhoto, submit_report
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Report
from tests.builders import good_draft, jpeg_bytes


def make_admin(session: Session, username: str = "admin") -> StaffIdentity:
    user = create_staff(
        session, username=username, display_name="Admin Kota", password="kata-sandi-admin", role=permissions.ADMIN
    )
    session.commit()
    return identity_of(session, user)


@pytest.fixture
def admin(app_db) -> StaffIdentity:
    return make_admin(app_db)


@pytest.fixture
def api_key(app_db, admin) -> str:
    key = create_api_key(app_db, admin, "Aplikasi Uji").key
    app_db.commit()
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
