"""The map page on a 360×740 touch phone: the map takes the first screen, one finger scrolls the page over it
(until a tap on the map lets one finger move it), the filters sit behind one button and live in the address
with the map's place (Back works), popups fit."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_phone import SCREENSHOTS

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url, has_touch=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == []


def _map(page: Page):
    return page.frame_locator("#public-map").locator(".folium-map")


def _drawn(page: Page) -> None:
    expect(_map(page)).to_have_attribute("data-draws", re.compile(r"[1-9]"), timeout=20_000)


def _query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_the_map_fills_the_first_screen_and_one_finger_scrolls_the_page(phone: Page):
    phone.goto("/")
    _drawn(phone)
    frame = phone.locator("#public-map").bounding_box()
    assert frame["height"] >= 740 * 0.6 and frame["y"] + frame["height"] <= 740
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-map-first-screen.png"))
    before = _map(phone).get_attribute("data-center")
    # A one-finger swipe up that starts on the map scrolls the page and leaves the map where it was.
    # (Touch events through the DevTools protocol: the browser turns them into a scroll gesture as on a phone.)
    cdp = phone.context.new_cdp_session(phone)
    _swipe_up(cdp, 180, frame["y"] + frame["height"] * 0.8)
    phone.wait_for_function("window.scrollY > 150")
    assert _map(phone).get_attribute("data-center") == before
    assert _map(phone).get_attribute("data-gestures") == "two-fingers"
    # Two fingers move the map (both slide left: the map pans).
    _back_to_top(phone)
    middle = frame["y"] + frame["height"] / 2
    fingers = [{"x": 150, "y": middle, "id": 1}, {"x": 250, "y": middle, "id": 2}]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": fingers})
    for step in range(1, 11):
        moved = [{**f, "x": f["x"] - 10 * step} for f in fingers]
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": moved})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(_map(phone)).not_to_have_attribute("data-center", before)


def _back_to_top(page: Page) -> None:
    """Scroll the page back to the top once the swipe's fling has ended (it would carry on scrolling)."""
    page.wait_for_function(
        "() => new Promise(done => { const y = scrollY; setTimeout(() => done(scrollY === y), 300); })"
    )
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("() => new Promise(done => setTimeout(() => done(scrollY === 0), 300))")


def _swipe_up(cdp, x: float, y: float) -> None:
    """One finger from (x, y) 300 px up, as a phone's touch screen sends it. The finger rests a moment before it
    lifts, so the page does not fling on: a fling that outlasts `_back_to_top` would move the next touch."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 30 * step}]})
    for _ in range(6):
        time.sleep(0.05)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 300}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _tap(cdp, x: float, y: float) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _bare_spot(page: Page, frame: dict) -> tuple[float, float]:
    """A point low on the map (page coordinates) at least 30 px from any marker, cluster, control or popup:
    a finger there touches the map itself."""
    inner = page.locator("#public-map").element_handle().content_frame()
    spot = inner.evaluate(
        """() => {
          const things = [...document.querySelectorAll('.leaflet-marker-icon, .leaflet-control, .leaflet-popup')]
            .map(e => e.getBoundingClientRect());
          const clear = (x, y) => things.every(r =>
            x < r.left - 30 || x > r.right + 30 || y < r.top - 30 || y > r.bottom + 30);
          for (let y = innerHeight * 0.85; y > innerHeight * 0.4; y -= 11) {
            for (let x = 30; x < innerWidth - 30; x += 11) { if (clear(x, y)) { return [x, y]; } }
          }
          return null; }"""
    )
    assert spot, "no bare spot on the map"
    return frame["x"] + spot[0], frame["y"] + spot[1]


def test_a_tap_lets_one_finger_move_the_map_until_a_touch_outside(phone: Page):
    phone.goto("/")
    _drawn(phone)
    frame = phone.locator("#public-map").bounding_box()
    cdp = phone.context.new_cdp_session(phone)
    x, y = _bare_spot(phone, frame)
    before = _map(phone).get_attribute("data-center")
    # Before the tap: one finger scrolls the page, the map stays.
    _swipe_up(cdp, x, y)
    phone.wait_for_function("window.scrollY > 150")
    assert _map(phone).get_attribute("data-center") == before
    _back_to_top(phone)

    # A tap on the map: it says one finger moves it now, and one finger does.
    _tap(cdp, x, y)
    expect(_map(phone)).to_have_attribute("data-gestures", "one-finger")
    hint = phone.frame_locator("#public-map").locator(".pg-gesture-hint")
    expect(hint).to_have_text("Peta aktif: geser dengan satu jari. Sentuh di luar peta untuk menggulir halaman.")
    expect(hint).to_have_class(re.compile("pg-shown"))
    phone.screenshot(path=str(SCREENSHOTS / "phone-map-tap-active.png"))
    _swipe_up(cdp, x, y)
    expect(_map(phone)).not_to_have_attribute("data-center", before)
    # The page stays put (a loaded machine may let the first touch move through before the map claims it:
    # a few pixels, where a swipe the page took scrolls it well over 150 px).
    assert phone.evaluate("window.scrollY") < 40

    # A touch outside the map gives one finger back to the page.
    heading = phone.locator(".map-head h1").bounding_box()
    _tap(cdp, heading["x"] + 10, heading["y"] + heading["height"] / 2)
    expect(_map(phone)).to_have_attribute("data-gestures", "two-fingers")
    moved = _map(phone).get_attribute("data-center")
    _swipe_up(cdp, x, y)
    phone.wait_for_function("window.scrollY > 150")
    assert _map(phone).get_attribute("data-center") == moved


def test_filters_sit_behind_one_button_and_live_in_the_address(phone: Page, base_url):
    phone.goto("/")
    _drawn(phone)
    assert "z" not in _query(phone)  # the first view is the city's: nothing to keep yet
    phone.frame_locator("#public-map").locator(".leaflet-control-zoom-in").tap()
    phone.wait_for_function("new URLSearchParams(location.search).get('z') === '12'")  # a move is kept
    sheet = phone.locator("#filter-sheet")
    expect(sheet).to_be_hidden()
    phone.locator("#filter-toggle").tap()
    expect(sheet).to_be_visible()
    expect(phone.locator("#filter-toggle")).to_have_attribute("aria-expanded", "true")
    phone.select_option("#filter-status", "done")
    expect(phone.locator("#filter-count")).to_have_text(re.compile("^1"))
    phone.wait_for_function("new URLSearchParams(location.search).get('status') === 'done'")
    phone.screenshot(path=str(SCREENSHOTS / "phone-map-filter-sheet.png"))
    phone.locator("#filter-done").tap()
    expect(sheet).to_be_hidden()
    expect(phone.locator("#filter-toggle")).to_contain_text("1")

    # Back: the filter is off again (in the address and on the page); Forward brings it back.
    phone.go_back()
    phone.wait_for_function("!new URLSearchParams(location.search).has('status')")
    # The frame tells the page the address it came back to: on a loaded machine that can take a while.
    expect(phone.locator("#filter-count")).to_have_count(0, timeout=15_000)
    expect(phone.locator("#filter-status")).to_have_value("", timeout=15_000)
    # The page gives its frame the address it came back to: that must not push an entry of its own into the
    # tab's history (it would take Forward's place).
    phone.wait_for_function(
        "() => { const w = document.getElementById('public-map').contentWindow;"
        " return w.location.search.includes('z=12') && w.document.querySelector('.folium-map[data-draws]'); }"
    )
    history = phone.context.new_cdp_session(phone).send("Page.getNavigationHistory")
    assert "status=done" in history["entries"][history["currentIndex"] + 1]["url"]
    phone.go_forward()
    expect(phone.locator("#filter-status")).to_have_value("done", timeout=15_000)

    # A shared link opens the same filters, place and zoom.
    shared = phone.context.new_page()
    shared.goto("/?status=in_progress&lat=-6.17540&lng=106.82720&z=15")
    expect(shared.locator("#filter-status")).to_have_value("in_progress")
    expect(_map(shared)).to_have_attribute("data-zoom", "15")
    lat, lng = map(float, _map(shared).get_attribute("data-center").split(","))
    assert abs(lat + 6.1754) < 1e-3 and abs(lng - 106.8272) < 1e-3
    assert _query(shared)["status"] == "in_progress"
    shared.close()


def test_a_popup_fits_the_phone(phone: Page, page_parameters):
    phone.goto(f"/?focus={page_parameters['code']}")
    popup = phone.frame_locator("#public-map").locator(".leaflet-popup")
    expect(popup).to_be_visible(timeout=20_000)
    inner = phone.locator("#public-map").element_handle().content_frame()
    # Whole inside the map's width (Leaflet pans it into view), and narrower than the phone.
    inner.wait_for_function(
        "() => { const r = document.querySelector('.leaflet-popup').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= innerWidth && r.width < 340; }"
    )
    phone.screenshot(path=str(SCREENSHOTS / "phone-map-popup.png"))
