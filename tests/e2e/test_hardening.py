"""Web hardening on the running app: headers, origin check on the event socket, hostile text stays text."""

from __future__ import annotations

import socket
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.models import Report
from tests.e2e.reporting import fill_report, submit
from tests.e2e.server import REPORTS_PER_PERSON_HOUR
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = pytest.mark.e2e

XSS_TITLES = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", '"><svg onload=alert(3)>']


def _upgrade_status(base_url: str, origin: str) -> int:
    """The status of a WebSocket handshake on Reflex's event endpoint, sent with `origin`."""
    parts = urlsplit(base_url)
    request = (
        "GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(256).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


def test_security_headers_on_pages(page: Page, base_url):
    response = page.request.get(f"{base_url}/lapor")
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]


def test_only_the_apps_own_origin_may_open_the_event_socket(base_url):
    assert _upgrade_status(base_url, base_url) == 101
    assert _upgrade_status(base_url, "http://evil.example") == 403


@pytest.mark.parametrize("title", XSS_TITLES)
def test_hostile_titles_show_as_text_everywhere_and_run_nothing(page: Page, file_report, title):
    code = file_report(title=title)
    page.goto(f"/laporan/{code}")
    expect(page.locator("#report-title")).to_have_text(title)
    page.goto(f"/?focus={code}")
    popup = page.frame_locator("#public-map").locator(".leaflet-popup-content")
    expect(popup).to_contain_text(title, timeout=15_000)
    expect(popup.locator("img, svg, script")).to_have_count(0)
    page.wait_for_timeout(500)  # a dialog would fail the test through the `page` fixture


def test_a_person_over_the_report_limit_is_told_when_to_try_again(page: Page, db_url: str):
    titles = [f"Batas laporan {uuid.uuid4().hex[:8]} ke-{n}" for n in range(REPORTS_PER_PERSON_HOUR + 1)]
    for title in titles[:-1]:
        fill_report(page, title)
        submit(page)
        page.click("#report-another")
    fill_report(page, titles[-1])
    page.click("#submit-report")
    message = page.locator("#form-error")
    expect(message).to_contain_text(f"{REPORTS_PER_PERSON_HOUR} laporan dalam satu jam terakhir")
    expect(message).to_contain_text("WIB")  # when to try again, in Jakarta time
    expect(page.locator("#tracking-code")).to_have_count(0)
    expect(page.locator("#title")).to_have_value(titles[-1])  # nothing typed is lost
    engine = make_engine(db_url, immediate=False)
    with Session(engine) as session:
        stored = session.exec(select(Report.title).where(Report.title.in_(titles))).all()
    engine.dispose()
    assert sorted(stored) == sorted(titles[:-1])


def test_hostile_titles_stay_text_in_the_staff_maps_tooltips(page: Page, file_report):
    """The staff report page's map names the reports around the pin in tooltips: as text, never as markup."""
    title = XSS_TITLES[0]
    file_report(title=title)
    here = file_report(title="Laporan di sebelahnya")
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto(f"/staf/peta/{here}")
    expect(page.locator("path.leaflet-interactive").first).to_be_attached()
    page.evaluate(
        "() => { const map = window[document.querySelector('.folium-map').id];"
        " map.eachLayer(l => { if (l.getTooltip && l.getTooltip()) { l.openTooltip(); } }); }"
    )
    tooltips = page.locator(".leaflet-tooltip")
    expect(tooltips.filter(has_text=title).first).to_be_attached()
    expect(page.locator(".leaflet-tooltip-pane").locator("img, svg, script")).to_have_count(0)
    page.wait_for_timeout(500)  # a dialog would fail the test through the `page` fixture
