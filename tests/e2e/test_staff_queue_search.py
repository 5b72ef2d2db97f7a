"""The queue for an officer with fifty reports a day: find one by words, code or the reporter's phone, see the
queue on a map with the same filters, and meet only the steps a report's status allows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = [pytest.mark.e2e]


def _search(page: Page, text: str) -> None:
    page.fill("#queue-q", text)
    page.locator("#queue-q").press("Tab")  # leaving the box sends it at once


def test_officer_finds_reports_and_maps_the_queue(page: Page, file_report, tmp_path):
    code = file_report(title="Gorong-gorong ambrol dekat stasiun", reporter_contact="0813 2222 9090")
    other = file_report(title="Lampu taman padam", reporter_contact="warga@contoh.id")
    sign_in_as(page, "camat.gambir", PASSWORDS["camat.gambir"])
    rows = page.locator("#queue tbody tr")

    _search(page, "gorong ambrol")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(code)
    _search(page, "+62 813-2222-9090")  # the same phone, written another way
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(code)
    _search(page, other.lower())
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(other)
    _search(page, "gorong")
    page.screenshot(path=str(tmp_path / "queue-search.png"), full_page=True)

    page.click("#view-map")
    frame = page.frame_locator("#queue-map")
    expect(frame.locator("path.leaflet-interactive")).to_have_count(1)  # only what the search found
    frame.locator("path.leaflet-interactive").dispatch_event("click")
    expect(frame.locator(".pg-near a")).to_have_text(code)
    page.screenshot(path=str(tmp_path / "queue-map.png"), full_page=True)
    frame.locator(".pg-near a").click()
    page.wait_for_url(f"**/staf/laporan/{code}")
    expect(page.locator("#action-verify")).to_be_visible()
    expect(page.locator("#action-start")).to_have_count(0)  # a new report is verified before work starts
    expect(page.locator("#action-resolve")).to_have_count(0)


def test_the_queue_search_on_a_phone(phone_page: Page, file_report, tmp_path):
    code = file_report(title="Pohon tumbang di trotoar Juanda")
    sign_in_as(phone_page, "camat.gambir", PASSWORDS["camat.gambir"])
    _search(phone_page, "juanda tumbang")
    expect(phone_page.locator("#queue tbody tr")).to_have_count(1)
    expect(phone_page.locator("#queue tbody tr").first).to_contain_text(code)
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    phone_page.screenshot(path=str(tmp_path / "queue-phone.png"), full_page=True)
    phone_page.click("#view-map")
    expect(phone_page.frame_locator("#queue-map").locator("path.leaflet-interactive")).to_have_count(1)
    phone_page.screenshot(path=str(tmp_path / "queue-map-phone.png"))
