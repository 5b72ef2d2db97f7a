"""Issue 14.3: a moderator's redaction or hiding reaches e-mails already queued. The attack: a reply quoting a
phone number is queued for e-mail to a report's followers (anyone may follow); a moderator redacts it before the
mail goes out; what reaches the SMTP server (aiosmtpd) must not hold the number. Each step is its own transaction,
as the state handlers make them; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from pengaduan_app.channels.delivery import deliver_due
from pengaduan_app.config import get_settings
from pengaduan_app.db import session_scope
from pengaduan_app.domain.handling import add_reply
from pengaduan_app.domain.moderation import hide_report, hide_step, redact_text
from pengaduan_app.domain.notifications import follow
from pengaduan_app.models import Citizen, OutboxMessage, StatusChange
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, make_report
from tests.conftest import ON_EVERY_DATABASE
from tests.smtp_inbox import Inbox, running_inbox

pytestmark = ON_EVERY_DATABASE
PHONE = "0812 3456 7890"
FOLLOWER = "pengikut@contoh.id"


@pytest.fixture
def inbox(app_db, monkeypatch) -> Iterator[Inbox]:
    with running_inbox() as (inbox, port):
        monkeypatch.setenv("PENGADUAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PENGADUAN_SMTP_PORT", str(port))
        get_settings.cache_clear()
        yield inbox
    get_settings.cache_clear()


@pytest.fixture
def followed(app_db):
    """A report of build_city's followed by an account with a verified e-mail address."""
    city = build_city(app_db)
    report = make_report(app_db, city.kel_a1, title="Pohon tumbang di Jalan Melati")
    citizen = Citizen(login=FOLLOWER, email=FOLLOWER, password_hash="x", email_verified_at=utcnow())
    app_db.add(citizen)
    app_db.commit()
    with session_scope() as session:
        follow(session, report.tracking_code, f"u:{citizen.id}")
    return city, report


def _reply(city, report, text: str) -> int:
    with session_scope() as session:
        add_reply(session, city.lurah_a1, report.tracking_code, text, public=True)
        return session.exec(
            select(StatusChange.id).where(StatusChange.report_id == report.id).order_by(StatusChange.id.desc())
        ).first()


def test_a_reply_redacted_before_the_send_reaches_followers_redacted(app_db, inbox, followed):
    city, report = followed
    step = _reply(city, report, f"Hubungi Pak Budi di {PHONE}, dia yang tahu.")
    with session_scope() as session:  # the moderator acts while the mail still waits in the outbox
        redact_text(session, city.moderator, report.tracking_code, f"timeline:{step}", "Hubungi [disunting]", "HP")
    assert deliver_due() == (1, 0)
    [(recipients, content)] = inbox.wait_for(1)
    assert recipients == [FOLLOWER]
    assert "Hubungi [disunting]" in content and report.tracking_code in content
    assert PHONE not in content and "Pak Budi" not in content


def test_a_reply_hidden_before_the_send_is_not_in_the_mail(app_db, inbox, followed):
    city, report = followed
    step = _reply(city, report, f"Nomor pelapor {PHONE}")
    with session_scope() as session:
        hide_step(session, city.moderator, step, "Data pribadi")
    deliver_due()
    [(_, content)] = inbox.wait_for(1)
    assert PHONE not in content and report.tracking_code in content


def test_a_redacted_title_is_rewritten_in_queued_subjects_too(app_db, inbox, followed):
    city, report = followed
    _reply(city, report, "Petugas sudah dijadwalkan.")
    with session_scope() as session:
        redact_text(session, city.moderator, report.tracking_code, "title", "Pohon tumbang di [jalan]", "Alamat")
    deliver_due()
    [(_, content)] = inbox.wait_for(1)
    assert "Melati" not in content and "Pohon tumbang di [jalan]" in content


def test_hiding_the_report_drops_its_queued_follower_mails(app_db, inbox, followed):
    city, report = followed
    _reply(city, report, f"Hubungi {PHONE}")
    with session_scope() as session:
        hide_report(session, city.moderator, report.tracking_code, "Fitnah")
    assert deliver_due() == (0, 0)
    assert inbox.wait_for(1, timeout=1) == []
    assert app_db.exec(select(OutboxMessage.status)).all() == ["dropped"]


def test_without_a_moderator_the_follower_gets_the_reply_as_written(app_db, inbox, followed):
    """The control: the same flow with nobody redacting delivers the text (so the tests above prove the rewrite)."""
    city, report = followed
    _reply(city, report, f"Hubungi {PHONE}")
    deliver_due()
    [(_, content)] = inbox.wait_for(1)
    assert PHONE in content
