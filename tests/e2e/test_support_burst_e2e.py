"""Issue 14.8 in real browsers: ten fresh browsers (no cookies) from one address support one report; the moderator
finds the burst on /staf/moderasi and discounts it; the public count drops to the genuine supports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from pengaduan_app.config import Settings
from pengaduan_app.domain.open_data import FIELDS
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/h14-support-export")
BURST = Settings().support_burst_size  # the default rule: the e2e server does not change it


def _support_from_a_fresh_browser(browser: Browser, base_url: str, code: str) -> None:
    context = browser.new_context(base_url=base_url)  # a new visitor id, as after clearing cookies
    page = context.new_page()
    page.goto(f"/laporan/{code}")
    page.locator("#support-button").click()
    expect(page.locator("#support-message")).to_have_text("Dukungan Anda tercatat.")
    context.close()


def test_a_moderator_discounts_a_burst_and_the_public_count_drops(
    browser: Browser, base_url: str, page: Page, phone_page: Page, file_report
):
    code = file_report(title="Trotoar rusak didukung satu orang", latitude=-6.2900, longitude=106.8700)
    for _ in range(BURST):
        _support_from_a_fresh_browser(browser, base_url, code)

    staff = page
    sign_in_as(staff, "moderator", PASSWORDS["moderator"])
    staff.goto("/staf/moderasi")
    burst = staff.locator("#burst-list li", has_text=code)
    expect(burst).to_contain_text(f"{BURST} dukungan dari satu alamat dalam")
    expect(burst).not_to_contain_text("127.0.0.1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    staff.screenshot(path=str(SHOTS / "moderation-burst-1280.png"), full_page=True)
    sign_in_as(phone_page, "moderator", PASSWORDS["moderator"])
    phone_page.goto("/staf/moderasi")
    expect(phone_page.locator("#burst-list li", has_text=code)).to_be_visible()
    phone_page.screenshot(path=str(SHOTS / "moderation-burst-360.png"), full_page=True)

    burst.get_by_role("button", name="Kurangi dukungan ini").click()
    expect(staff.locator("#moderation-message")).to_have_text("Dukungan dari lonjakan ini tidak lagi dihitung.")
    expect(burst).to_contain_text("Dikurangi, tidak dihitung")
    expect(burst.get_by_role("button", name="Batalkan pengurangan")).to_be_visible()
    staff.screenshot(path=str(SHOTS / "moderation-burst-discounted-1280.png"), full_page=True)

    phone_page.goto(f"/laporan/{code}")
    expect(phone_page.locator("#support-count")).to_have_text("0 dukungan")

    burst.get_by_role("button", name="Batalkan pengurangan").click()  # undone: they count again
    expect(staff.locator("#moderation-message")).to_have_text("Pengurangan dibatalkan; dukungan dihitung lagi.")
    phone_page.goto(f"/laporan/{code}")
    expect(phone_page.locator("#support-count")).to_have_text(f"{BURST} dukungan")


def test_excel_is_offered_first_and_downloads_a_workbook(page: Page, phone_page: Page):
    """Issue 14.7: /kinerja and the map offer "Unduh Excel (.xlsx)" (recommended) beside the CSV."""
    page.goto("/kinerja")
    links = page.locator("#open-data .export-links a")
    expect(links).to_have_text(["Unduh Excel (.xlsx)", "Unduh CSV", "Unduh GeoJSON"])
    with page.expect_download() as download:  # the file itself, not the app's page for an unknown address
        page.locator("#open-data #export-xlsx").click()
    assert download.value.suggested_filename == "pengaduan-laporan.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    header = next(workbook.active.iter_rows(max_row=1, values_only=True))
    assert header == FIELDS
    with page.expect_download() as download:
        page.locator("#open-data #export-csv").click()
    assert download.value.suggested_filename == "pengaduan-laporan.csv"
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith('"tracking_code","title"')
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#open-data").screenshot(path=str(SHOTS / "kinerja-open-data-1280.png"))
    phone_page.goto("/?status=done")
    export = phone_page.locator(".browse-list #export-xlsx")
    expect(export).to_have_attribute("href", "/api/ekspor/laporan.xlsx?status=done")
    export.scroll_into_view_if_needed()
    phone_page.screenshot(path=str(SHOTS / "map-open-data-360.png"))
