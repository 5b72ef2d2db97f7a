"""A citizen fills in and sends the report form, as the browser tests need it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.builders import jpeg_bytes


def fill_report(page: Page, title: str, *, privacy: str = "public") -> None:
    page.goto("/lapor")
    page.select_option("#category", "jalan_rusak")
    page.fill("#title", title)
    page.fill("#description", "Lubang besar di tengah jalan, sudah dua minggu belum diperbaiki.")
    # A click in the middle of the picker: the map opens on central Jakarta.
    page.frame_locator("#picker").locator(".leaflet-container").click(position={"x": 300, "y": 150})
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))
    page.fill("#address", "Depan warung Bu Tini")
    page.locator("#photos input[type=file]").set_input_files(
        files=[{"name": "lubang.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(320, 240)}]
    )
    expect(page.locator(".selected-files li")).to_have_count(1)
    page.fill("#reporter_name", "Rahmat Hidayat")
    page.fill("#reporter_contact", "rahmat@contoh.id")
    choice = page.locator(f"#privacy-{privacy}")
    choice.click()
    expect(choice).to_be_checked()


def submit(page: Page) -> str:
    page.click("#submit-report")
    code = page.locator("#tracking-code")
    expect(code).to_have_text(re.compile(r"^JKT-\d{4}-\d{5}$"), timeout=20_000)
    return code.inner_text()
