"""Citizen accounts, following, notifications (in-app and e-mail), confirm or reopen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain import status
from pengaduan_app.domain.citizens import citizen_for, normalise_login, register, sign_in_citizen
from pengaduan_app.domain.confirmation import (
    ConfirmationError,
    confirm_fixed,
    is_reporter,
    issue_reporter_key,
    reopen,
)
from pengaduan_app.domain.credentials import CredentialError
from pengaduan_app.domain.handling import add_reply, resolve, verify
from pengaduan_app.domain.notifications import (
    NOTICE,
    FollowError,
    follow,
    followed_codes,
    mark_all_read,
    notifications_for,
    unfollow,
)
from pengaduan_app.domain.photos import UploadedPhoto
from pengaduan_app.domain.staff_queue import QueueFilter, queue_page
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Citizen, OutboxMessage, Report
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, jpeg_bytes, make_report
from tests.smtp_inbox import running_inbox

WINDOW = 14


@pytest.fixture
def city(session):
    return build_city(session)


def test_register_and_sign_in_with_email_or_phone(session):
    register(session, login="Warga@Contoh.ID", password="kata-sandi-warga", display_name="Rina")
    register(session, login="+62 812-3456-7890", password="kata-sandi-warga")
    assert normalise_login("0812 3456 7890") == "081234567890"
    token = sign_in_citizen(session, "warga@contoh.id", "kata-sandi-warga", client="x")
    assert citizen_for(session, token).display_name == "Rina"
    assert sign_in_citizen(session, "62812 3456 7890", "kata-sandi-warga", client="x")
    assert register(session, login="0812-3456-7890", password="lain-lain-lain") is None  # taken: no new account
    with pytest.raises(CredentialError):
        sign_in_citizen(session, "warga@contoh.id", "salah-salah-salah", client="x")
    with pytest.raises(CredentialError) as bad:
        register(session, login="bukan kontak", password="kata-sandi-warga")
    assert bad.value.code == "error.contact_invalid"


def test_followers_get_a_notification_for_each_public_change_only(session, city, settings):
    report = make_report(session, city.kel_a1)
    follow(session, report.tracking_code, "v:browser-1")
    follow(session, report.tracking_code, "v:browser-1")  # twice is once
    verify(session, city.lurah_a1, report.tracking_code)
    add_reply(session, city.lurah_a1, report.tracking_code, "Catatan dalam", public=False)
    add_reply(session, city.lurah_a1, report.tracking_code, "Segera kami tangani", public=True)
    notes = notifications_for(session, ["v:browser-1"])
    assert [n.action for n in notes] == ["reply", "verify"]
    assert notes[0].note == "Segera kami tangani" and not notes[0].read
    assert notifications_for(session, ["v:someone-else"]) == []
    mark_all_read(session, ["v:browser-1"])
    assert all(n.read for n in notifications_for(session, ["v:browser-1"]))
    assert followed_codes(session, ["v:browser-1"]) == [report.tracking_code]
    unfollow(session, report.tracking_code, "v:browser-1")
    assert followed_codes(session, ["v:browser-1"]) == []


def test_confidential_or_unknown_reports_cannot_be_followed(session, city):
    secret = make_report(session, city.kel_a1, privacy="confidential")
    for code in (secret.tracking_code, "JKT-0000-00000"):
        with pytest.raises(FollowError):
            follow(session, code, "v:browser-1")
    with pytest.raises(FollowError):
        follow(session, make_report(session, city.kel_a1).tracking_code, "x:not-a-key")


def test_followers_with_a_verified_email_get_an_email_when_smtp_is_configured(session, city, monkeypatch):
    with running_inbox() as (inbox, port):
        monkeypatch.setenv("PENGADUAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PENGADUAN_SMTP_PORT", str(port))
        get_settings.cache_clear()
        try:
            citizen = register(session, login="pengikut@contoh.id", password="kata-sandi-warga")
            unverified = register(session, login="belum@contoh.id", password="kata-sandi-warga")
            citizen.email_verified_at = utcnow()
            report = make_report(session, city.kel_a1, title="Lampu mati di gang")
            for key in (f"u:{citizen.id}", f"u:{unverified.id}", "v:browser-without-email"):
                follow(session, report.tracking_code, key)
            verify(session, city.lurah_a1, report.tracking_code, "Sudah kami cek")
            session.commit()  # the verification links go out now; the update waits in the outbox
            inbox.wait_for(2)
            notices = session.exec(select(OutboxMessage).where(OutboxMessage.channel == NOTICE)).all()
        finally:
            get_settings.cache_clear()
    assert [n.recipient for n in notices] == ["pengikut@contoh.id"]  # not the unverified address
    notice = notices[0]
    assert report.tracking_code in notice.subject and "Lampu mati di gang" in notice.body
    assert "Sudah kami cek" in notice.body


def _resolved(session, city, settings, **fields) -> Report:
    report = make_report(session, city.kel_a1, status=status.IN_PROGRESS, **fields)
    resolve(
        session,
        city.lurah_a1,
        report.tracking_code,
        "Selesai",
        [UploadedPhoto("sesudah.jpg", jpeg_bytes())],
        MediaStore(settings.media_dir),
    )
    session.refresh(report)
    return report


def test_the_private_link_holder_confirms_with_a_rating(session, city, settings):
    report = make_report(session, city.kel_a1)
    key = issue_reporter_key(session, report)
    session.commit()
    assert issue_reporter_key(session, report) is None  # issued once
    assert is_reporter(report, key) and not is_reporter(report, key + "x") and not is_reporter(report, "")
    report = _resolved(session, city, settings)
    key = issue_reporter_key(session, report)
    session.commit()
    with pytest.raises(ConfirmationError) as wrong:
        confirm_fixed(session, report.tracking_code, 5, key="tebakan", window_days=WINDOW)
    assert wrong.value.code == "error.not_reporter"
    with pytest.raises(ConfirmationError):
        confirm_fixed(session, report.tracking_code, 6, key=key, window_days=WINDOW)
    confirm_fixed(session, report.tracking_code, 4, key=key, window_days=WINDOW)
    session.refresh(report)
    assert report.status == status.CLOSED and report.rating == 4


def test_reopening_puts_the_report_back_in_the_queue(session, city, settings):
    citizen = register(session, login="pelapor@contoh.id", password="kata-sandi-warga")
    identity = citizen_for(session, sign_in_citizen(session, "pelapor@contoh.id", "kata-sandi-warga", client="x"))
    report = _resolved(session, city, settings, citizen_id=citizen.id)
    with pytest.raises(ConfirmationError):
        reopen(session, report.tracking_code, "   ", citizen=identity, window_days=WINDOW)
    reopen(session, report.tracking_code, "Lubangnya muncul lagi", citizen=identity, window_days=WINDOW)
    session.refresh(report)
    assert report.status == status.REOPENED
    rows, _ = queue_page(session, city.lurah_a1, QueueFilter(status="reopened"))
    assert [r.tracking_code for r in rows] == [report.tracking_code]


def test_the_window_closes(session, city, settings):
    report = _resolved(session, city, settings)
    key = issue_reporter_key(session, report)
    report.resolved_at = utcnow() - timedelta(days=WINDOW + 1)
    session.add(report)
    session.commit()
    with pytest.raises(ConfirmationError) as late:
        reopen(session, report.tracking_code, "Belum beres", key=key, window_days=WINDOW)
    assert late.value.code == "error.response_window_closed"


def test_sign_up_is_limited_per_address_and_in_all(session, monkeypatch):
    """Issue 14.4 (part): a script can no longer fill the accounts table (57 junk accounts in 20 s before)."""
    monkeypatch.setenv("PENGADUAN_SIGNUP_LIMIT_PER_ADDRESS_HOUR", "3")
    monkeypatch.setenv("PENGADUAN_SIGNUP_LIMIT_PER_HOUR", "5")
    get_settings.cache_clear()
    try:
        for n in range(3):
            register(session, login=f"junk{n}@contoh.id", password="kata-sandi-warga", client="203.0.113.5")
        with pytest.raises(CredentialError) as refused:
            register(session, login="junk9@contoh.id", password="kata-sandi-warga", client="203.0.113.5")
        assert refused.value.code == "error.signup_limited"
        for n in range(2):  # another address may, until the hour's total is reached
            register(session, login=f"lain{n}@contoh.id", password="kata-sandi-warga", client=f"198.51.100.{n}")
        with pytest.raises(CredentialError):
            register(session, login="lain9@contoh.id", password="kata-sandi-warga", client="198.51.100.77")
        later = utcnow() + timedelta(hours=2)
        assert register(session, login="besok@contoh.id", password="kata-sandi-warga", client="203.0.113.5", now=later)
    finally:
        get_settings.cache_clear()
    stored = session.exec(select(Citizen.signup_client)).all()
    assert all(key is None or "203.0.113" not in key for key in stored)
