"""A citizen fills in and sends the report form, as the browser tests need it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.models import Report
from tests.builders import jpeg_bytes


def fill_report(page: Page, title: str, *, privacy: str = "public", category: str = "jalan_rusak") -> None:
    page.goto("/lapor")
    page.select_option("#category", category)
    page.fill("#title", title)
    page.fill("#description", "Lubang besar di tengah jalan, sudah dua minggu belum diperbaiki.")
    # A click in the middle of the picker: the map opens on central Jakarta.
    page.frame_locator("#picker").locator(".leaflet-container").click(position={"x": 300, "y": 150})
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))
    page.fill("#address", "Depan warung Bu Tini")
    page.locator("#photos input[type=file]").set_input_files(
        files=[{"name": "lubang.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(320, 240)}]
    )
    expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(1)
    page.fill("#reporter_name", "Rahmat Hidayat")
    page.fill("#reporter_contact", "rahmat@contoh.id")
    choice = page.locator(f"#privacy-{privacy}")
    choice.click()
    expect(choice).to_be_checked()


def submit(page: Page) -> str:
    page.click("#submit-report")
    code = page.locator("#tracking-code")
    expect(code).to_have_text(re.compile(r"^JKT-\d{4}-\d{5,}$"), timeout=20_000)
    return code.inner_text()


def codes_titled(db_url: str, title: str) -> list[str]:
    """The tracking codes stored under `title`, read in a short session of its own: the app must never wait for
    a test's transaction."""
    engine = make_engine(db_url, immediate=False)
    try:
        with Session(engine) as session:
            return list(session.exec(select(Report.tracking_code).where(Report.title == title)).all())
    finally:
        engine.dispose()


# The files each upload's body carried, as the browser sent them (Playwright cannot see a FormData body).
_RECORD_UPLOADS = """
(() => {
  const send = XMLHttpRequest.prototype.send;
  window.uploadedFileSizes = [];
  XMLHttpRequest.prototype.send = function (body) {
    if (body instanceof FormData) {
      window.uploadedFileSizes.push([...body.values()].filter((v) => v instanceof Blob).map((v) => v.size));
    }
    return send.apply(this, arguments);
  };
})();
"""


def record_uploads(page: Page) -> None:
    """From the next page load on, remember the size of every file each upload sends (see `uploaded_sizes`)."""
    page.add_init_script(_RECORD_UPLOADS)


def uploaded_sizes(page: Page) -> list[list[int]]:
    """Per upload since the page loaded, the byte size of each file it sent."""
    return page.evaluate("() => window.uploadedFileSizes || []")
