"""Issue 14.3 (part): a reply a moderator redacts or hides is redacted or gone in followers' notifications too
(anyone may follow a report, so the notification was a way round the redaction)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pengaduan_app.domain.handling import add_reply
from pengaduan_app.domain.moderation import hide_step, redact_text
from pengaduan_app.domain.notifications import follow, notifications_for
from pengaduan_app.domain.staff_queue import staff_report
from pengaduan_app.models import StatusChange
from tests.builders import build_city, make_report

FOLLOWER = "v:" + "a" * 32
PHONE = "0812 3456 7890"


@pytest.fixture
def city(any_session):
    return build_city(any_session)


def _reply(session, city, report, text):
    add_reply(session, city.lurah_a1, report.tracking_code, text, public=True)
    return session.exec(
        select(StatusChange).where(StatusChange.report_id == report.id).order_by(StatusChange.id.desc())
    ).first()


def test_a_redacted_reply_is_redacted_in_followers_notifications(any_session, city):
    report = make_report(any_session, city.kel_a1)
    follow(any_session, report.tracking_code, FOLLOWER)
    step = _reply(any_session, city, report, f"Hubungi Pak Budi di {PHONE}")
    other = _reply(any_session, city, report, "Petugas sudah datang.")
    assert PHONE in notifications_for(any_session, [FOLLOWER])[1].note
    redact_text(any_session, city.moderator, report.tracking_code, f"timeline:{step.id}", "Hubungi [disunting]", "HP")
    notes = [n.note for n in notifications_for(any_session, [FOLLOWER])]
    assert notes == ["Petugas sudah datang.", "Hubungi [disunting]"] and not any(PHONE in n for n in notes)
    hide_step(any_session, city.moderator, other.id, "Tidak pantas")
    assert [n.note for n in notifications_for(any_session, [FOLLOWER])] == ["", "Hubungi [disunting]"]


def test_non_admin_officers_no_longer_read_the_redacted_original_in_the_audit_trail(any_session, city):
    report = make_report(any_session, city.kel_a1)
    step = _reply(any_session, city, report, f"Hubungi Pak Budi di {PHONE}")
    redact_text(any_session, city.moderator, report.tracking_code, f"timeline:{step.id}", "Hubungi [disunting]", "HP")
    officer_view = staff_report(any_session, city.lurah_a1, report.tracking_code)
    assert PHONE not in repr(officer_view.audit) and PHONE not in repr(officer_view.steps)
    assert PHONE in repr(staff_report(any_session, city.admin, report.tracking_code).audit)  # admins keep it
