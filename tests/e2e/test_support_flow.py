"""'Saya juga' in the browser: from the map popup and the report page (support, withdraw, the count
follows), and 'this is my problem too' on /lapor instead of filing the same problem again."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.notifications import followed_codes
from pengaduan_app.models import Report, Support
from tests.builders import MONAS, add_report

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]


@pytest.fixture
def db(db_url, base_url) -> Iterator[Engine]:
    """The running app's database (base_url: it has been migrated and seeded). Each helper below uses
    its own short session: an open transaction here could hold SQLite's write lock while the app waits."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _new_report(db: Engine, **fields) -> Report:
    with Session(db, expire_on_commit=False) as session:
        # Codes of a month no demo report uses.
        return add_report(session, tracking_code=f"JKT-0001-{random.randrange(10**6, 10**7)}", **fields)


def _count(db: Engine, report: Report) -> int:
    with Session(db) as session:
        return session.get(Report, report.id).support_count


def _supports(db: Engine, report: Report) -> int:
    with Session(db) as session:
        return session.exec(select(func.count(Support.id)).where(Support.report_id == report.id)).one()


def _followed(db: Engine, visitor: str) -> list[str]:
    with Session(db) as session:
        return followed_codes(session, [f"v:{visitor}"])


def test_support_from_the_map_popup_then_withdraw(page: Page, db):
    report = _new_report(
        db, title="Lubang di depan halte uji peta", support_count=4, latitude=-6.2101, longitude=106.8202
    )
    page.goto(f"/?focus={report.tracking_code}")
    frame = page.frame_locator("#public-map")
    popup = frame.locator(".leaflet-popup-content")
    expect(popup.locator(".pg-title")).to_have_text("Lubang di depan halte uji peta", timeout=15_000)
    expect(popup).to_contain_text("4 dukungan")
    card = page.locator(f'.card-link[data-code="{report.tracking_code}"]')
    expect(card).to_be_visible()  # the list holds the reports in view

    button = popup.get_by_role("button", name="Saya juga")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(popup).to_contain_text("5 dukungan")
    expect(card.locator(".card-support")).to_contain_text("5")
    assert _count(db, report) == 5 and _supports(db, report) == 1

    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(popup).to_contain_text("4 dukungan")
    expect(card.locator(".card-support")).to_contain_text("4")
    assert _count(db, report) == 4 and _supports(db, report) == 0


def test_support_from_the_report_page_is_remembered_then_withdrawn(page: Page, db):
    report = _new_report(db, title="Lampu jalan mati uji halaman")
    page.goto(f"/laporan/{report.tracking_code}")
    button = page.locator("#support-button")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#support-count")).to_have_text("0 dukungan")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#support-count")).to_have_text("1 dukungan")
    expect(page.locator("#support-message")).to_have_text("Dukungan Anda tercatat.")

    # The browser keeps its id: the page knows it after a reload, and so does the map popup.
    page.reload()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.goto(f"/?focus={report.tracking_code}")
    popup_button = page.frame_locator("#public-map").get_by_role("button", name="Saya juga")
    expect(popup_button).to_have_attribute("aria-pressed", "true", timeout=15_000)

    page.goto(f"/laporan/{report.tracking_code}")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#support-count")).to_have_text("0 dukungan")
    assert _count(db, report) == 0 and _supports(db, report) == 0


def test_a_report_nearby_is_suggested_and_supported_instead(page: Page, db):
    nearby = _new_report(
        db,
        title="Got mampet dekat Monas uji",
        category="saluran_tersumbat",
        latitude=MONAS[0] + 0.0004,
        longitude=MONAS[1],
    )
    page.goto("/lapor")
    page.select_option("#category", "saluran_tersumbat")
    # The place, as "use my location" reports it.
    page.evaluate(
        "([lat, lng]) => window.postMessage({type: 'pengaduan:location', lat, lng}, window.location.origin)",
        list(MONAS),
    )
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.17\d+, 106\.82\d+"))
    panel = page.locator("#duplicates")
    expect(panel).to_contain_text("Sudah ada yang melaporkan?")
    item = panel.locator("li", has_text="Got mampet dekat Monas uji")
    expect(item).to_contain_text("± 44 m dari lokasi Anda")

    same = item.get_by_role("button", name="Ini masalah saya juga")
    same.click()
    expect(same).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#duplicates-message")).to_contain_text(nearby.tracking_code)
    assert _count(db, nearby) == 1
    visitor = next(c["value"] for c in page.context.cookies() if c["name"] == "pengaduan_visitor")
    assert _followed(db, visitor) == [nearby.tracking_code]

    # Another category: that report is no longer suggested.
    page.select_option("#category", "sampah")
    expect(panel).to_have_count(0)
