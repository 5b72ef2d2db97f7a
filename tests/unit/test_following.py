"""Citizen accounts, following, notifications (in-app and e-mail), confirm or reopen."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

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
from pengaduan_app.domain.following import (
    FollowError,
    follow,
    followed_codes,
    mark_all_read,
    notifications_for,
    unfollow,
)
from pengaduan_app.domain.handling import add_reply, resolve, verify
from pengaduan_app.domain.photos import UploadedPhoto
from pengaduan_app.domain.staff_queue import QueueFilter, queue_page
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Report
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, jpeg_bytes, make_report

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
    with pytest.raises(CredentialError) as taken:
        register(session, login="0812-3456-7890", password="kata-sandi-warga")
    assert taken.value.code == "error.login_taken"
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, smtp_session, envelope):  # aiosmtpd calls this name
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def test_followers_with_an_account_get_an_email_when_smtp_is_configured(session, city, monkeypatch):
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("PENGADUAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PENGADUAN_SMTP_PORT", str(port))
        get_settings.cache_clear()
        citizen = register(session, login="pengikut@contoh.id", password="kata-sandi-warga")
        report = make_report(session, city.kel_a1, title="Lampu mati di gang")
        follow(session, report.tracking_code, f"u:{citizen.id}")
        follow(session, report.tracking_code, "v:browser-without-email")
        verify(session, city.lurah_a1, report.tracking_code, "Sudah kami cek")
        session.commit()  # e-mails go out once the change is committed
        deadline = time.monotonic() + 10
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(inbox.messages) == 1
        recipients, content = inbox.messages[0]
        assert recipients == ["pengikut@contoh.id"]
        assert report.tracking_code in content and "Lampu mati di gang" in content and "Sudah kami cek" in content
    finally:
        controller.stop()
        get_settings.cache_clear()


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
