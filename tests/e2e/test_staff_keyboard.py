"""An officer handles a report with the keyboard alone: sign in, open it from the queue, verify, reply, resolve."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.i18n import catalog
from tests.builders import jpeg_bytes
from tests.e2e.staff_pages import choose_file_with_keys, tab_to
from tests.e2e.staff_sign_in import PASSWORDS

pytestmark = pytest.mark.e2e

OFFICER = "camat.gambir"
TEXTS = catalog("id")
# From the top of a staff page to a control far down it (navigation, filters, rows, the report's tools).
LONG_WAY = 120


def _sign_in_with_keys(page: Page, username: str) -> None:
    page.goto("/staf/masuk")
    tab_to(page, "#username")
    page.keyboard.type(username)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORDS[username])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/staf/?$"))


def _open_from_queue(page: Page, code: str) -> None:
    """Newest first (chosen by typing the start of the option's name: a space would open the list), then Tab to
    the report's own link, found by its code (other tests file reports into the same queue)."""
    tab_to(page, "#queue-sort")
    page.keyboard.type(TEXTS["staff.sort.newest"].split()[0])
    expect(page.locator("#queue-sort")).to_have_value("newest")
    expect(page.locator(f"#code-{code}")).to_be_visible()
    tab_to(page, f"#code-{code}", limit=LONG_WAY)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staf/laporan/{code}")


def test_an_officer_handles_a_report_with_the_keyboard_alone(page: Page, file_report):
    code = file_report(title="Saluran tersumbat, ditangani dengan papan ketik")
    status = page.locator("#staff-status")

    _sign_in_with_keys(page, OFFICER)
    _open_from_queue(page, code)
    expect(page.locator("#staff-title")).to_have_text("Saluran tersumbat, ditangani dengan papan ketik")
    expect(status).to_have_text(TEXTS["staff.status.new"])

    tab_to(page, "#action-verify", limit=LONG_WAY)
    page.keyboard.press("Enter")
    expect(status).to_have_text(TEXTS["staff.status.verified"])

    tab_to(page, "#reply-text", limit=LONG_WAY)
    page.keyboard.type("Petugas akan datang besok pagi untuk membersihkan saluran.")
    tab_to(page, "#reply-public")
    page.keyboard.press("Space")
    expect(page.locator("#staff-timeline")).to_contain_text("Petugas akan datang besok pagi")

    tab_to(page, "#resolve-note")
    page.keyboard.type("Saluran sudah dibersihkan, air mengalir lagi.")
    tab_to(page, "#after_photo")
    choose_file_with_keys(
        page,
        "#after_photo",
        [{"name": "sesudah.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(300, 200, (20, 160, 60))}],
        limit=LONG_WAY,
    )
    expect(page.locator("#after_photo-chosen .photo-thumb")).to_have_count(1)
    tab_to(page, "#action-resolve")
    page.keyboard.press("Enter")

    expect(status).to_have_text(TEXTS["staff.status.resolved"], timeout=20_000)
    timeline = page.locator("#staff-timeline")
    expect(timeline).to_contain_text("Saluran sudah dibersihkan, air mengalir lagi.")
    expect(page.locator(".gallery figcaption", has_text=TEXTS["report.photo_after_short"])).to_be_visible()
