"""The kecamatan desk and field resolution in a real browser, on a desktop and at 360×740.

- The desk officer must choose the privacy with the citizen; a confidential walk-in's receipt carries the report's
  address, the private link and its QR code (decoded here from the pixels on screen), the deadline and the desk's
  kecamatan, and prints on one page; the link opens the report for the citizen, and /lacak explains what to do.
- A lurah resolves on his phone with a camera photo taken far from the place: the photo is shrunk in the browser
  (the upload counts up over a slow line) and keeps its position for the server, which marks the report for the
  camat (not for the lurah) and stores the photo without any position.
"""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.media.stores import public_store
from pengaduan_app.models import Photo, Report
from tests.camera_photo import camera_jpeg
from tests.e2e.reporting import codes_titled
from tests.e2e.server import settings_for
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/h16-desk-field")
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
FAR_FROM_MONAS = (-6.1900, 106.8272)  # about 1.6 km south of Monas


def _context_page(browser: Browser, base_url: str, size: str) -> Page:
    phone = size == "phone"
    context = browser.new_context(
        viewport=SIZES[size], base_url=base_url, has_touch=phone, is_mobile=phone, service_workers="block"
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    return page


def _shot(page: Page, name: str, **options) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), **options)


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _fill_walk_in(page: Page, title: str, size: str) -> None:
    page.goto("/staf/loket")
    page.select_option("#category", "sampah")
    page.fill("#title", title)
    page.fill("#description", "Warga datang ke loket: sampah belum diangkut seminggu.")
    spot = {"x": 300, "y": 150} if size == "desktop" else {"x": 150, "y": 120}
    page.frame_locator("#picker").locator(".leaflet-container").click(position=spot)
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))
    page.fill("#reporter_name", "Ibu Siti Aminah")
    page.fill("#reporter_contact", "0813 2222 3333")


def _qr_text(page: Page) -> str:
    image = Image.open(io.BytesIO(page.locator("#receipt-qr").screenshot()))
    [found] = zxingcpp.read_barcodes(image)
    return found.text


def _pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_confidential_walk_in_is_followed_through_the_receipts_qr_code(browser, base_url, db_url, size):
    page = _context_page(browser, base_url, size)
    sign_in_as(page, "camat.gambir", PASSWORDS["camat.gambir"])
    title = f"Sampah gang {uuid.uuid4().hex[:8]}"
    _fill_walk_in(page, title, size)

    # Nothing is chosen for the citizen: sending without a choice is refused by the field, and nothing is stored.
    for choice in ("public", "anonymous", "confidential"):
        expect(page.locator(f"#privacy-{choice}")).not_to_be_checked()
    page.click("#submit-report")
    expect(page.locator("#privacy-error")).to_contain_text("tampilkan nama, anonim, atau rahasia")
    assert codes_titled(db_url, title) == []
    _no_sideways_scroll(page)
    page.locator("#privacy").scroll_into_view_if_needed()
    _shot(page, f"desk-privacy-refused-{size}")

    page.locator("label", has=page.locator("#privacy-confidential")).click()
    expect(page.locator("#privacy-error")).to_have_count(0)
    page.click("#submit-report")
    page.wait_for_url(re.compile(r".*/staf/tanda-terima/JKT-\d{4}-\d{5,}$"), timeout=30_000)
    code = page.url.rsplit("/", 1)[1]
    assert codes_titled(db_url, title) == [code]

    expect(page.locator("#receipt-code")).to_have_text(code)
    expect(page.locator("#receipt-desk")).to_have_text("Gambir")
    expect(page.locator("#receipt-due")).to_contain_text("hari kerja")
    expect(page.locator("#receipt-address")).to_have_text(f"{base_url}/laporan/{code}")
    expect(page.locator("#receipt-follow")).to_contain_text("tautan pribadi")
    link = page.locator("#receipt-private-link").inner_text()
    assert link.startswith(f"{base_url}/laporan/{code}?kunci=")
    expect(page.locator("#receipt-qr")).to_be_visible()
    assert _qr_text(page) == link  # the QR code on screen holds exactly the printed private link
    assert "0813 2222 3333" not in page.content()
    _no_sideways_scroll(page)
    _shot(page, f"receipt-{size}", full_page=True)

    page.emulate_media(media="print")
    expect(page.locator(".staff-nav")).to_be_hidden()
    expect(page.locator("#print-receipt")).to_be_hidden()
    expect(page.locator("#receipt-qr")).to_be_visible()
    _shot(page, f"receipt-print-{size}", full_page=True)
    if size == "desktop":
        pdf = page.pdf(format="A4", print_background=True)
        assert _pages_in(pdf) == 1
    page.emulate_media(media="screen")
    assert page.problems == []
    page.context.close()

    # The citizen, at home: the public cannot find the report, the private link (the QR code's text) opens it.
    citizen = _context_page(browser, base_url, size)
    citizen.goto("/lacak")
    citizen.fill("#code", code)
    citizen.get_by_role("button", name="Buka laporan").click()
    notice = citizen.locator("#track-not-open")
    expect(notice).to_contain_text("Laporan rahasia hanya dapat dibuka lewat tautan pribadi pada tanda terima")
    expect(citizen).to_have_url(re.compile(r".*/lacak/?$"))
    _shot(citizen, f"track-confidential-{size}")
    citizen.goto(link.removeprefix(base_url))
    expect(citizen.locator("main")).to_contain_text(title)
    assert "Ibu Siti Aminah" not in citizen.content()
    citizen.context.close()


def _report_row(db_url: str, code: str) -> tuple[Report, list[Photo]]:
    engine = make_engine(db_url, immediate=False)
    try:
        with Session(engine, expire_on_commit=False) as session:
            report = session.exec(select(Report).where(Report.tracking_code == code)).one()
            photos = session.exec(select(Photo).where(Photo.report_id == report.id, Photo.kind == "after")).all()
            return report, list(photos)
    finally:
        engine.dispose()


def test_a_lurah_resolves_on_his_phone_and_a_far_photo_is_marked_for_the_camat(
    browser, base_url, db_url, app_env, file_report
):
    title = f"Trotoar rusak {uuid.uuid4().hex[:8]}"
    code = file_report(title=title)
    phone = _context_page(browser, base_url, "phone")
    sign_in_as(phone, "lurah.gambir", PASSWORDS["lurah.gambir"])
    phone.goto(f"/staf/laporan/{code}")
    phone.click("#action-verify")
    expect(phone.locator("#staff-status")).to_have_text("Terverifikasi")
    phone.click("#action-start")
    expect(phone.locator("#staff-status")).to_have_text("Dikerjakan")

    # The proof picker opens the back camera; the photo shrinks on the phone and keeps its position.
    file_input = phone.locator("#after_photo input[type=file]")
    assert file_input.get_attribute("capture") == "environment"
    assert "image/jpeg" in (file_input.get_attribute("accept") or "")
    phone.fill("#resolve-note", "Trotoar sudah diperbaiki, foto di lokasi.")
    photo = camera_jpeg(3000, 2000, gps=FAR_FROM_MONAS)
    file_input.set_input_files(files=[{"name": "IMG_bukti.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    size = phone.locator("#after_photo-chosen .photo-thumb-size")
    expect(size).to_have_text(re.compile(r"^\d+ KB$"), timeout=30_000)
    assert int(size.inner_text().split()[0]) * 1024 < len(photo) / 3
    _no_sideways_scroll(phone)
    for control in ("#resolve-note", "#action-resolve", "#after_photo .dropzone"):
        assert phone.locator(control).bounding_box()["height"] >= 44, control
    phone.locator("#action-resolve").scroll_into_view_if_needed()
    _shot(phone, "resolve-phone")
    # A slow upstream (about 40 KB/s), as on mobile data: the button counts the upload up, as on /lapor.
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 40_000},
    )
    button = phone.locator("#action-resolve")
    button.click()
    expect(button).to_have_text(re.compile(r"^Mengirim… \d{1,3}%$"), use_inner_text=True)
    expect(button).to_be_disabled()
    expect(phone.locator("#action-resolve-progress")).to_be_visible()
    expect(phone.locator("#staff-status")).to_have_text("Selesai", timeout=60_000)
    expect(phone.locator("#far-photo")).to_have_count(0)  # the mark is for the level above, not the unit
    assert phone.problems == []
    phone.context.close()

    report, photos = _report_row(db_url, code)
    assert report.after_photo_far and 1400 <= report.after_photo_distance_m <= 1800
    store = public_store(settings_for(app_env))
    for row in photos:
        for name in (row.filename, row.thumb_filename):
            with Image.open(io.BytesIO(store.read(name))) as stored:
                assert not stored.getexif(), "the stored after photo still carries EXIF"
        assert (row.width, row.height) == (1600, 1067)  # shrunk on the phone from 3000 × 2000

    for size in ("desktop", "phone"):
        camat = _context_page(browser, base_url, size)
        sign_in_as(camat, "camat.gambir", PASSWORDS["camat.gambir"])
        camat.goto(f"/staf/laporan/{code}")
        expect(camat.locator("#far-photo")).to_contain_text(re.compile(r"Foto jauh dari lokasi · 1,\d km"))
        _shot(camat, f"staff-report-far-photo-{size}")
        camat.goto("/staf")
        camat.select_option("#queue-status", "")
        camat.locator("label", has=camat.locator("#queue-far")).click()
        expect(camat.locator("#queue-far")).to_be_checked()
        row = camat.locator("#queue tbody tr", has_text=code)
        expect(row.locator(".far-photo")).to_be_visible()
        expect(camat.locator("#queue tbody tr:not(:has(.far-photo))")).to_have_count(0)  # the filter's rows only
        _no_sideways_scroll(camat)
        _shot(camat, f"queue-far-photo-{size}")
        camat.context.close()
