"""One user action is one transaction: a failure between its parts leaves nothing behind (db.py's rule)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from pengaduan_app.api.open311.routes import _key_holder
from pengaduan_app.config import get_settings
from pengaduan_app.db import session_scope
from pengaduan_app.domain import open311, permissions, submission
from pengaduan_app.domain.accounts import create_staff, identity_of
from pengaduan_app.domain.api_keys import create_api_key
from pengaduan_app.domain.limits import Submitter
from pengaduan_app.domain.open311 import ApiDraft, submit_api_request
from pengaduan_app.domain.submission import UploadedPhoto
from pengaduan_app.media import MediaStore
from pengaduan_app.models import ApiKey, ApiSubmission, AuditEntry, Follow, Photo, Report
from pengaduan_app.state import submit as submit_state
from pengaduan_app.state.submit import SubmitState
from tests.builders import MONAS, good_draft, jpeg_bytes
from tests.state.conftest import run, upload
from tests.state.test_submit_state import filled


class Injected(RuntimeError):
    """The failure a test puts between two parts of one action."""


def _fail(*_args, **_kwargs):
    raise Injected()


def nothing_stored(session) -> bool:
    session.expire_all()
    media = get_settings().media_dir
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    tables = (Report, Photo, Follow, ApiSubmission)
    counts = [session.exec(select(func.count()).select_from(model)).one() for model in tables]
    return counts == [0, 0, 0, 0] and not files


def _officer(session):
    user = create_staff(
        session, username="loket", display_name="Petugas Loket", password="x" * 12, role=permissions.ADMIN
    )
    session.commit()
    return identity_of(session, user)


def test_a_web_report_its_private_link_and_its_follow_are_one_transaction(root, app_db, monkeypatch):
    monkeypatch.setattr(submit_state, "follow_own_report", _fail)  # fails after the report and its key
    state = filled(root)
    with pytest.raises(Injected):
        run(state, SubmitState.submit, [upload("banjir.jpg", jpeg_bytes())])
    assert nothing_stored(app_db)


def test_a_desk_report_and_its_audit_row_are_one_transaction(app_db, monkeypatch):
    officer = _officer(app_db)
    monkeypatch.setattr(submission, "record", _fail)
    settings = get_settings()
    with pytest.raises(Injected), session_scope() as session:
        submission.file_walk_in(
            session,
            officer,
            good_draft(),
            [UploadedPhoto("a.jpg", jpeg_bytes())],
            settings=settings,
            store=MediaStore(settings.media_dir),
        )
    assert nothing_stored(app_db)
    assert app_db.exec(select(func.count(AuditEntry.id))).one() == 0


def _api_post(session, key_id: int):
    settings = get_settings()
    return submit_api_request(
        session,
        ApiDraft(
            service_code="banjir",
            description="Air setinggi lutut di depan sekolah",
            lat=str(MONAS[0]),
            long=str(MONAS[1]),
            attributes={"water_depth": "40"},
        ),
        [UploadedPhoto("a.jpg", jpeg_bytes())],
        api_key_id=key_id,
        client_idempotency_key="satu",
        submitter=Submitter(address_hash="alamat"),
        settings=settings,
        store=MediaStore(settings.media_dir),
    )


def test_an_open311_report_and_its_rows_are_one_transaction(app_db, monkeypatch):
    key = create_api_key(app_db, _officer(app_db), "Aplikasi")
    app_db.commit()
    notice = open311._notice
    monkeypatch.setattr(open311, "_notice", _fail)  # fails after the token and the answers are added
    with pytest.raises(Injected), session_scope() as session:
        _api_post(session, key.id)
    assert nothing_stored(app_db)
    monkeypatch.setattr(open311, "_notice", notice)
    with session_scope() as session:
        receipt = _api_post(session, key.id)
    app_db.expire_all()
    assert app_db.exec(select(ApiSubmission.token)).all() == [receipt.token]


def test_using_an_api_key_saves_when_it_was_last_used(app_db):
    new = create_api_key(app_db, _officer(app_db), "Aplikasi")
    app_db.commit()
    assert _key_holder(new.key, 60)[0].id == new.id
    app_db.expire_all()
    assert app_db.get(ApiKey, new.id).last_used_at is not None
