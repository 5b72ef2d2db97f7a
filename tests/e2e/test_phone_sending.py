"""A citizen on a phone over mobile data: camera photos shrink in the browser, sending shows its progress, a
dropped connection or an offline phone never loses the report nor files it twice; the app is installable and
everything it sends as text is compressed."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.models import Photo, Report
from tests.builders import MONAS
from tests.camera_photo import camera_jpeg
from tests.e2e.reporting import codes_titled, fill_report, record_uploads, uploaded_sizes

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
CODE = re.compile(r"^JKT-\d{4}-\d{5,}$")
MAX_SIDE = 1600
MAX_SENT = 500 * 1024


@pytest.fixture(scope="module")
def camera_photo() -> dict:
    """A 4000×3000 camera photo of a few MB, taken at Monas."""
    return {"name": "IMG_20261129_101500.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg(gps=MONAS)}


def _phone(browser: Browser, base_url: str, **options) -> Page:
    context = browser.new_context(base_url=base_url, **PHONE, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    return page


def _choose(page: Page, photo: dict) -> None:
    page.locator("#photos input[type=file]").set_input_files(files=[photo])
    expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(1, timeout=20_000)


def test_a_camera_photo_is_shrunk_before_it_is_sent_and_sending_counts_up(browser, base_url, db_url, camera_photo):
    page = _phone(browser, base_url, service_workers="block")
    record_uploads(page)
    title = f"Foto kamera {uuid.uuid4().hex[:10]}"
    fill_report(page, title)
    page.locator("#photos-chosen .photo-remove").click()  # the small photo fill_report chose
    expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(0)
    _choose(page, camera_photo)
    size = page.locator("#photos-chosen .photo-thumb-size")
    expect(size).to_have_text(re.compile(r"^\d+ KB$"))
    assert int(size.inner_text().split()[0]) * 1024 <= MAX_SENT

    # The photo was taken at Monas: its place is offered and puts the pin there.
    page.locator("#photos-use-photo-location").click()
    expect(page.locator("#location-chosen")).to_contain_text("-6.17540, 106.82720")

    # A slow upstream (about 40 KB/s), so the progress is there to be seen.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 40_000},
    )
    button = page.locator("#submit-report")
    button.click()
    expect(button).to_have_text(re.compile(r"^Mengirim… \d{1,3}%$"), use_inner_text=True)
    expect(button).to_be_disabled()
    expect(page.locator("#submit-report-progress")).to_be_visible()
    code = page.locator("#tracking-code")
    expect(code).to_have_text(CODE, timeout=60_000)

    [[sent]] = uploaded_sizes(page)
    assert sent <= MAX_SENT
    # The server keeps photos up to 2048 px: 1600 × 1200 is what the phone made of the 4000 × 3000 original.
    assert _photo_sizes(db_url, code.inner_text()) == [(MAX_SIDE, 1200)]
    assert codes_titled(db_url, title) == [code.inner_text()]
    assert page.problems == []
    page.context.close()


def test_a_photo_taken_upright_arrives_upright_at_the_phone_size(browser, base_url, db_url):
    """Stored sideways with EXIF orientation 6, as phones save a portrait: decoded upright and to its size."""
    page = _phone(browser, base_url, service_workers="block")
    title = f"Foto tegak {uuid.uuid4().hex[:10]}"
    fill_report(page, title)
    page.locator("#photos-chosen .photo-remove").click()
    expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(0)
    upright = camera_jpeg(orientation=6)
    _choose(page, {"name": "IMG_20261129_101600.jpg", "mimeType": "image/jpeg", "buffer": upright})
    thumb = page.locator("#photos-chosen .photo-thumb img")
    expect(thumb).to_have_js_property("complete", True)
    assert thumb.evaluate("i => [i.naturalWidth, i.naturalHeight]") == [1200, MAX_SIDE]
    page.locator("#submit-report").click()
    code = page.locator("#tracking-code")
    expect(code).to_have_text(CODE, timeout=60_000)
    assert _photo_sizes(db_url, code.inner_text()) == [(1200, MAX_SIDE)]
    assert page.problems == []
    page.context.close()


def _photo_sizes(db_url: str, code: str) -> list[tuple[int, int]]:
    engine = make_engine(db_url, immediate=False)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Photo.width, Photo.height)
                .join(Report, Photo.report_id == Report.id)
                .where(Report.tracking_code == code)
            )
            return [tuple(row) for row in rows]
    finally:
        engine.dispose()


@pytest.mark.parametrize("lost", ["before_the_server", "on_the_way_back"])
def test_a_dropped_connection_keeps_the_form_and_the_retry_files_one_report(browser, base_url, db_url, lost):
    page = _phone(browser, base_url, service_workers="block")
    title = f"Koneksi putus {uuid.uuid4().hex[:10]}"
    fill_report(page, title)
    tries = []

    def drop_the_first_try(route):
        tries.append(route.request)
        if len(tries) > 1:
            route.continue_()
            return
        if lost == "on_the_way_back":
            route.fetch()  # the server files the report, but its answer never reaches the phone
        route.abort("connectionreset")

    page.route("**/_upload", drop_the_first_try)
    page.click("#submit-report")
    status = page.locator("#submit-report-status")
    expect(status).to_contain_text("koneksi terputus")
    expect(page.locator("#submit-report")).to_be_enabled()
    expect(page.locator("#title")).to_have_value(title)
    if lost == "before_the_server":
        expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(1)
        assert codes_titled(db_url, title) == []
    else:
        assert len(codes_titled(db_url, title)) == 1

    status.get_by_role("button", name="Coba lagi").click()
    code = page.locator("#tracking-code")
    expect(code).to_have_text(CODE, timeout=20_000)
    assert len(tries) == 2
    assert codes_titled(db_url, title) == [code.inner_text()]
    assert page.problems == []
    page.context.close()


_DRAFT_PHOTOS = """() => new Promise((resolve) => {
  const open = indexedDB.open('pengaduan', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('drafts');
  open.onsuccess = () => {
    const get = open.result.transaction('drafts').objectStore('drafts').get('/lapor#photos');
    get.onsuccess = () => resolve(get.result ? get.result.photos.length : -1);
  };
})"""


def test_offline_the_draft_waits_on_the_phone_and_goes_once_back_online(browser, base_url, db_url):
    page = _phone(browser, base_url)
    title = f"Kirim saat offline {uuid.uuid4().hex[:10]}"
    fill_report(page, title)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.context.set_offline(True)
    page.click("#submit-report")
    status = page.locator("#submit-report-status")
    expect(status).to_contain_text("dikirim otomatis begitu koneksi kembali")
    assert page.evaluate(_DRAFT_PHOTOS) == 1

    # The phone reloads the page while still offline: the app comes from the phone, the draft's photo too.
    page.reload()
    expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(1, timeout=15_000)
    expect(page.locator("#title")).to_have_value(title)
    page.click("#submit-report")
    expect(status).to_contain_text("dikirim otomatis begitu koneksi kembali")
    assert codes_titled(db_url, title) == []

    page.context.set_offline(False)
    code = page.locator("#tracking-code")
    expect(code).to_have_text(CODE, timeout=30_000)
    assert codes_titled(db_url, title) == [code.inner_text()]
    page.wait_for_function(f"() => ({_DRAFT_PHOTOS})().then((photos) => photos === -1)")  # the draft is done
    assert page.problems == []
    page.context.close()


def test_installable_with_a_manifest_an_icon_and_a_service_worker(browser, base_url):
    page = _phone(browser, base_url)
    page.goto("/")
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    data = page.request.get(manifest).json()
    assert data["short_name"] == "Pengaduan" and data["start_url"] == "/" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert page.request.get(icon["src"]).headers["content-type"] == "image/png"
    assert page.request.get("/favicon.ico").ok
    assert page.locator("meta[name=theme-color]").get_attribute("content")
    scope = page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == f"{base_url}/"
    page.context.close()


def test_every_text_response_is_compressed_and_built_files_are_cached_for_long(page: Page, page_parameters):
    responses = {}
    page.on("response", lambda r: responses.setdefault(urlsplit(r.url).path, r))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    scripts = [path for path in responses if re.match(r"^/assets/.+\.(?:js|css)$", path)]
    assert scripts
    for path in scripts:
        headers = responses[path].headers
        assert "immutable" in headers.get("cache-control", ""), path
        if len(responses[path].body()) >= 500:  # smaller answers are not worth compressing
            assert headers.get("content-encoding") in ("gzip", "br", "zstd"), path
    for path in ("/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css", "/peta/frame", "/api/map"):
        response = responses[path]
        if len(response.body()) >= 500:  # smaller answers are not worth compressing
            assert response.headers.get("content-encoding") == "gzip", path
    for path in (f"/laporan/{page_parameters['code']}", "/kinerja", "/lapor"):
        response = page.request.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert response.headers.get("content-encoding") in ("gzip", "br"), path
