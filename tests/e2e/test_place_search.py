"""Finding a place on a 360×740 phone: the search on the public map and on the location picker.

Without PENGADUAN_GEOCODER_URL (the app's map routes served in-process on their own database) only area
names are found; the session's app is started with the setting pointing at a local fake Nominatim
(tests/fake_geocoder.py), so a street is found there and the pin goes on it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import ensure_categories
from tests.browser import serve_asgi
from tests.builders import GAMBIR_BOX, add_gambir_areas
from tests.conftest import migrate

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True}


@pytest.fixture(scope="module")
def map_routes(tmp_path_factory):
    """The map frames and /api/cari on a database holding Gambir's areas, with no geocoder set."""
    url = f"sqlite:///{tmp_path_factory.mktemp('places') / 'places.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REFLEX_DB_URL", url)
        env.delenv("PENGADUAN_GEOCODER_URL", raising=False)
        env.setenv("PENGADUAN_TILE_URL", "/tiles/{z}/{x}/{y}.png")
        get_settings.cache_clear()
        migrate(url)
        engine = make_engine(url)
        with Session(engine) as session:
            ensure_categories(session)
            add_gambir_areas(session)
        with serve_asgi(build_api()) as base:
            yield base
        engine.dispose()
    get_settings.cache_clear()


def _center(frame) -> tuple[float, float]:
    lat, lng = frame.locator(".folium-map").get_attribute("data-center").split(",")
    return float(lat), float(lng)


def _search(frame, text: str) -> None:
    frame.locator("#pg-search-q").fill(text)
    frame.locator(".pg-search-go").click()


def test_area_names_are_found_without_a_geocoder(browser, map_routes):
    context = browser.new_context(base_url=map_routes, **PHONE)
    page = context.new_page()
    page.goto("/peta/frame")
    field = page.locator("#pg-search-q")
    expect(field).to_have_attribute("placeholder", "Cari kelurahan, kecamatan, atau kota")
    _search(page, "gambir")
    results = page.locator(".pg-search-result")
    expect(results).to_have_count(2)
    expect(results.nth(0)).to_contain_text("Kecamatan · Kota Jakarta Pusat")
    expect(page.locator(".pg-search-credit")).to_be_hidden()  # nothing from a geocoder, nothing to credit
    results.nth(0).tap()
    expect(results).to_have_count(0)
    west, south, east, north = GAMBIR_BOX
    page.wait_for_function(
        "([s, n, w, e]) => { const c = document.querySelector('.folium-map').dataset.center.split(',').map(Number);"
        " return c[0] > s && c[0] < n && c[1] > w && c[1] < e; }",
        arg=[south, north, west, east],
    )
    _search(page, "kel. Pinangsia")
    expect(results).to_have_count(1)
    results.first.tap()
    page.wait_for_function("document.querySelector('.folium-map').dataset.zoom === '17'")
    assert _center(page) == (-6.14, 106.81)
    _search(page, "Jalan Kebon Sirih")  # a street: no geocoder here
    expect(page.locator(".pg-search-status")).to_have_text(re.compile("Tidak ditemukan"))
    context.close()


def test_a_street_is_found_through_the_geocoder_and_the_pin_goes_there(browser, base_url, geocoder):
    context = browser.new_context(base_url=base_url, **PHONE)
    page: Page = context.new_page()
    page.goto("/lapor")
    picker = page.frame_locator("#picker")
    # On a touch screen the picker speaks of tapping, not of arrow keys.
    expect(picker.locator("#pg-picker-hint")).to_have_text(re.compile("^Ketuk peta"))
    expect(picker.locator("#pg-search-q")).to_have_attribute("placeholder", "Cari jalan, tempat, atau kelurahan")
    picker.locator("#pg-search-q").fill("kebon sirih")
    picker.locator(".pg-search-go").tap()
    results = picker.locator(".pg-search-result")
    # The kelurahan of that name comes first (the boundaries ship with the app), then the street; the
    # geocoder's Bandung namesake lies outside the service area and is dropped.
    expect(results.filter(has_text="Bandung")).to_have_count(0)
    result = results.filter(has_text="Jalan Kebon Sirih")
    expect(result).to_have_count(1)
    expect(picker.locator(".pg-search-credit")).to_have_text("Hasil pencarian: © OpenStreetMap contributors")
    result.tap()
    expect(page.locator("#location-chosen")).to_contain_text("-6.18552, 106.82961")
    expect(picker.locator(".leaflet-marker-icon")).to_have_count(1)
    assert any(q.get("q") == "kebon sirih" and q.get("bounded") == "1" for q in geocoder.queries)
    # An area name still comes from the loaded boundaries, before anything the geocoder finds.
    picker.locator("#pg-search-q").fill("Gambir")
    picker.locator(".pg-search-go").tap()
    expect(picker.locator(".pg-search-result").first).to_contain_text("Gambir")
    page.screenshot(path=_shot("picker-search-phone"))
    context.close()


def _shot(name: str) -> str:
    from tests.e2e.test_phone import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")
