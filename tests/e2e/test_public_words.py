"""What the public reads of officers' steps (citizen words, not staff commands), a duplicate's way to its
original (no "Saya juga", no follow), and the officer's overdue badge in the staff header."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, func, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.accounts import identity_of
from pengaduan_app.domain.handling import add_reply, hand_over, reject, verify
from pengaduan_app.domain.staff_queue import overdue_count
from pengaduan_app.i18n import LANG_COOKIE
from pengaduan_app.models import Area, Report, StaffUser
from pengaduan_app.models.types import utcnow
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = [pytest.mark.e2e]
SHOTS = Path("/tmp/shots/h16-words-digest")
# Inside kecamatan Gambir, away from Monas (other tests file there).
PLACE = {"latitude": -6.1712, "longitude": 106.8196}


def _as_camat(db_url: str, step: Callable) -> object:
    """Run `step(session, camat.gambir)` in one committed transaction on the running app's database."""
    engine = make_engine(db_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            officer = session.exec(select(StaffUser).where(StaffUser.username == "camat.gambir")).one()
            result = step(session, identity_of(session, officer))
            session.commit()
            return result
    finally:
        engine.dispose()


def _handled_pair(db_url: str, file_report) -> tuple[str, str]:
    original = file_report(title="Lampu taman mati di Jalan Abdul Muis", **PLACE)
    duplicate = file_report(title="Lampu taman padam dekat halte", **PLACE)

    def steps(session, camat):
        kelurahan = session.exec(
            select(Area.id).where(Area.level == "kelurahan", func.upper(Area.name) == "GAMBIR")
        ).one()
        verify(session, camat, original)
        add_reply(session, camat, original, "Petugas PJU dijadwalkan datang besok pagi.", public=True)
        hand_over(session, camat, original, reason="Lampu taman diurus kelurahan", area_id=kelurahan)
        reject(session, camat, duplicate, "duplicate", duplicate_of=original)

    _as_camat(db_url, steps)
    return original, duplicate


def test_the_timeline_speaks_citizen_words_and_a_duplicate_leads_to_its_original(
    page: Page, phone_page: Page, base_url, db_url, file_report
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    original, duplicate = _handled_pair(db_url, file_report)

    page.goto(f"/laporan/{original}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Laporan diverifikasi")
    expect(timeline).to_contain_text("Tanggapan petugas")
    expect(timeline).to_contain_text("Dialihkan ke Kelurahan Gambir")
    expect(timeline.locator(".note", has_text="Lampu taman diurus kelurahan")).to_have_text(
        "Lampu taman diurus kelurahan"
    )
    expect(timeline).not_to_contain_text("Diteruskan ke petugas")
    expect(timeline).not_to_contain_text("Disposisi")
    expect(page.locator("#support-button")).to_be_visible()
    page.screenshot(path=str(SHOTS / "timeline-desktop.png"), full_page=True)

    page.goto(f"/laporan/{duplicate}")
    banner = page.locator("#duplicate-banner")
    expect(banner).to_contain_text("Laporan ini sama dengan")
    expect(page.locator("#duplicate-original")).to_have_text(original)
    expect(page.locator("#timeline")).to_contain_text("Sama dengan laporan lain")
    expect(page.locator("#support-button")).to_have_count(0)
    expect(page.locator("#follow-button")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "duplicate-desktop.png"), full_page=True)
    page.click("#duplicate-original")
    page.wait_for_url(re.compile(rf".*/laporan/{original}$"))
    expect(page.locator("#report-code")).to_have_text(original)

    phone_page.context.add_cookies([{"name": LANG_COOKIE, "value": "en", "url": base_url}])
    phone_page.goto(f"/laporan/{original}")
    expect(phone_page.locator("#timeline")).to_contain_text("Officer's reply")
    expect(phone_page.locator("#timeline")).to_contain_text("Handed over to Kelurahan Gambir")
    phone_page.screenshot(path=str(SHOTS / "timeline-phone-en.png"), full_page=True)
    phone_page.context.clear_cookies()
    phone_page.goto(f"/laporan/{duplicate}")
    expect(phone_page.locator("#duplicate-banner")).to_contain_text("Laporan ini sama dengan")
    expect(phone_page.locator("#support-button")).to_have_count(0)
    phone_page.screenshot(path=str(SHOTS / "duplicate-phone.png"), full_page=True)


def test_the_staff_header_shows_the_officers_overdue_count(page: Page, phone_page: Page, db_url, file_report):
    SHOTS.mkdir(parents=True, exist_ok=True)
    late = file_report(title="Saluran tersumbat sejak lama", **PLACE)

    def overdue(session, camat):
        report = session.exec(select(Report).where(Report.tracking_code == late)).one()
        report.due_at = utcnow() - timedelta(days=10)
        session.add(report)
        session.flush()
        return overdue_count(session, camat)

    expected = _as_camat(db_url, overdue)
    assert expected >= 1
    sign_in_as(page, "camat.gambir", PASSWORDS["camat.gambir"])
    badge = page.locator("#overdue-badge")
    expect(page.locator("#overdue-count")).to_have_text(str(expected))
    expect(badge).to_contain_text("Terlambat")
    page.screenshot(path=str(SHOTS / "badge-desktop.png"))
    badge.click()
    page.wait_for_url(re.compile(r".*/staf\?overdue=1$"))
    expect(page.locator("tr.is-overdue").first).to_be_visible()
    expect(page.locator(f"text={late}")).to_be_visible()

    sign_in_as(phone_page, "camat.gambir", PASSWORDS["camat.gambir"])
    expect(phone_page.locator("#overdue-badge")).to_be_in_viewport()
    phone_page.screenshot(path=str(SHOTS / "badge-phone.png"))
    sign_in_as(phone_page, "moderator", PASSWORDS["moderator"])
    expect(phone_page.locator("#overdue-badge")).to_have_count(0)  # moderators handle no unit
