"""The intake conversation and the outbox in the domain, on SQLite and PostgreSQL: a WhatsApp-style
conversation with a pin and a photo files one report; a retried message id changes nothing; two
deliverers never claim the same message."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, func, select

from pengaduan_app.domain.intake import Inbound, staging_dir, take_in
from pengaduan_app.domain.notifications import claim_due, mark_failed, mark_sent
from pengaduan_app.domain.submission import UploadedPhoto
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.media import MediaStore
from pengaduan_app.models import ChannelInbound, OutboxMessage, Photo, Report
from pengaduan_app.models.types import utcnow
from tests.builders import MONAS, jpeg_bytes

SENDER = "+628123000111"


def _say(session: Session, settings, message_id: str, text: str = "", **extra) -> None:
    take_in(
        session,
        Inbound("whatsapp", SENDER, message_id, text, **extra),
        settings=settings,
        store=MediaStore(settings.media_dir),
    )
    session.commit()


def test_a_conversation_files_once_and_answers_each_message(any_session, settings):
    ensure_fallback_areas(any_session)
    any_session.commit()
    _say(any_session, settings, "m1", "halo")
    _say(any_session, settings, "m2", "2")  # banjir
    _say(any_session, settings, "m3", latitude=MONAS[0], longitude=MONAS[1])
    _say(any_session, settings, "m4", photos=(UploadedPhoto("a.jpg", jpeg_bytes(320, 240)),))
    _say(any_session, settings, "m5", "Air setinggi lutut di depan Monas sejak pagi.")
    _say(any_session, settings, "m6", "3")
    _say(any_session, settings, "m6", "3")

    report = any_session.exec(select(Report)).one()
    assert (report.channel, report.privacy, report.reporter_contact) == ("whatsapp", "confidential", SENDER)
    assert report.kecamatan_id is not None
    assert any_session.exec(select(func.count(Photo.id))).one() == 1
    assert any_session.exec(select(func.count(ChannelInbound.id))).one() == 6
    assert any_session.exec(select(func.count(OutboxMessage.id))).one() == 6


def test_two_deliverers_never_claim_the_same_message(any_session, settings):
    _say(any_session, settings, "m1", "halo")
    first = claim_due(any_session)
    any_session.commit()
    second = claim_due(any_session)
    any_session.commit()
    assert len(first) == 1 and second == []

    mark_failed(any_session, first[0], "HTTP 503", max_attempts=5)
    any_session.commit()
    assert claim_due(any_session) == []  # due again only after the pause
    (again,) = claim_due(any_session, utcnow() + timedelta(minutes=1))
    mark_sent(any_session, again.id)
    any_session.commit()
    row = any_session.exec(select(OutboxMessage)).one()
    any_session.refresh(row)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")


def test_asking_for_english_is_not_an_answer_and_the_questions_follow(session, settings):
    _say(session, settings, "e1", "halo")
    _say(session, settings, "e2", "english")
    (last,) = session.exec(select(OutboxMessage.body).order_by(OutboxMessage.id.desc()).limit(1)).all()
    assert last.startswith("What problem do you want to report?") and "1. Damaged road" in last


def test_staged_photos_go_when_the_conversation_ends(session, settings):
    folder = staging_dir(settings)
    _say(session, settings, "p1", photos=(UploadedPhoto("a.jpg", jpeg_bytes(200, 150)),))
    assert len(list(folder.iterdir())) == 1
    _say(session, settings, "p2", "batal")
    assert list(folder.iterdir()) == []
