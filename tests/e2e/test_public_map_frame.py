"""The public map in real Chromium against the real map endpoints (no Reflex build, no tiles).

A small parent page embeds the map frame the way the app does and records what the map posts.
"""

from __future__ import annotations

import html
import random

import pytest
from playwright.sync_api import expect
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import ensure_categories
from tests.browser import serve_asgi
from tests.builders import add_report
from tests.conftest import migrate

pytestmark = [pytest.mark.e2e]

ATTACK = "<img src=x onerror=alert(1)>"
HERE = (-6.2, 106.83)
MAP_JS = "window[document.querySelector('.folium-map').id]"

_PARENT = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="map" title="Peta" style="width:1000px;height:700px;border:0" src="{src}"></iframe>
<script>
window.received = [];
window.addEventListener("message", function (e) {{
  window.received.push(e.data);
  if (e.data && e.data.type === "pengaduan:support") {{
    document.getElementById("map").contentWindow.postMessage({{type: "pengaduan:support-result",
      code: e.data.code, supported: e.data.support, count: e.data.support ? "8" : "7", message: ""}},
      window.location.origin);
  }}
}});
</script></body></html>"""


def _parent(request) -> HTMLResponse:
    query = request.url.query
    return HTMLResponse(_PARENT.format(src=html.escape("/peta/frame" + (f"?{query}" if query else ""))))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A database with reports around Monas (one with a hostile title) and the app's routes serving it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('mapdb') / 'map.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REFLEX_DB_URL", url)
        env.setenv("PENGADUAN_TILE_URL", "/tiles/{z}/{x}/{y}.png")  # 404: markers must show without tiles
        get_settings.cache_clear()
        migrate(url)
        engine = make_engine(url)
        rng = random.Random(3)
        with Session(engine, expire_on_commit=False) as session:
            ensure_categories(session)
            session.commit()
            reports = {
                "attack": add_report(session, title=ATTACK, latitude=HERE[0], longitude=HERE[1]),
                "done": add_report(
                    session, title="Sudah selesai", status="resolved", latitude=HERE[0] + 0.0008, longitude=HERE[1]
                ),
                "secret": add_report(
                    session, title="Rahasia", privacy="confidential", latitude=HERE[0] - 0.0008, longitude=HERE[1]
                ),
            }
            for _ in range(40):
                add_report(session, latitude=rng.uniform(-6.3, -6.1), longitude=rng.uniform(106.7, 106.95))
        app = Starlette(routes=[Route("/parent", _parent), Mount("/", app=build_api())])
        with serve_asgi(app) as base:
            yield base, reports
        engine.dispose()
    get_settings.cache_clear()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.map_requests = []
    page.on("request", lambda r: page.map_requests.append(r.url) if "/api/map?" in r.url else None)
    yield page
    page.wait_for_timeout(200)  # room for an injected onerror handler to fire, were there one
    assert problems == []
    page.close()


def _frame(page):
    return page.locator("#map").element_handle().content_frame()


def _draws(page) -> int:
    return int(_frame(page).evaluate("document.querySelector('.folium-map').dataset.draws || 0"))


def _wait_draws(page, more_than: int) -> None:
    _frame(page).wait_for_function(f"Number(document.querySelector('.folium-map').dataset.draws || 0) > {more_than}")


def _view(page) -> tuple[float, float, int]:
    return tuple(
        _frame(page).evaluate(
            f"(() => {{ const m = {MAP_JS}, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }})()"
        )
    )


def _go(page, lat: float, lng: float, zoom: int) -> None:
    before = _draws(page)
    _frame(page).evaluate(f"{MAP_JS}.setView([{lat}, {lng}], {zoom}, {{animate: false}})")
    _wait_draws(page, before)


def test_city_view_clusters_then_points_with_safe_popups_and_support(page, seeded):
    base, reports = seeded
    page.goto(f"{base}/parent")
    _wait_draws(page, 0)
    frame = page.frame_locator("#map")
    expect(frame.locator(".pg-cluster").first).to_be_visible()
    viewport = next(m for m in page.evaluate("window.received") if m["type"] == "pengaduan:viewport")
    assert len(viewport["bbox"]) == 4 and viewport["zoom"] == 11

    _go(page, *HERE, 17)
    attack = frame.locator(f".pg-{reports['attack'].tracking_code}")
    expect(attack).to_be_visible()
    expect(frame.locator(f".pg-{reports['secret'].tracking_code}")).to_have_count(0)
    expect(attack.locator(".pg-sr")).to_have_text(f"{ATTACK}, Menunggu")

    attack.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup.locator(".pg-title")).to_have_text(ATTACK)
    expect(popup).to_contain_text("Jalan rusak")  # fetched when opened
    expect(popup).to_contain_text("Menunggu")
    expect(popup).to_contain_text("0 dukungan")
    expect(popup.locator("img, script")).to_have_count(0)
    link = popup.get_by_role("link", name="Lihat laporan")
    expect(link).to_have_attribute("href", f"/laporan/{reports['attack'].tracking_code}")
    expect(link).to_have_attribute("target", "_top")

    button = popup.get_by_role("button", name="Saya juga")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(popup).to_contain_text("8 dukungan")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(popup).to_contain_text("7 dukungan")
    asked = [m for m in page.evaluate("window.received") if m["type"] == "pengaduan:support"]
    assert asked == [
        {"type": "pengaduan:support", "code": reports["attack"].tracking_code, "support": True},
        {"type": "pengaduan:support", "code": reports["attack"].tracking_code, "support": False},
    ]


@pytest.mark.parametrize(("query", "width", "height"), [("", 1000, 700), ("status=done", 333, 517)])
def test_the_first_view_is_fetched_once_before_leaflet(page, seeded, query, width, height):
    """The frame asks for the first view's data (first_view.js) while Leaflet loads; the map then uses that
    answer: one request, made by that script, for exactly the box the map shows."""
    base, _ = seeded
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base}/peta/frame?{query}")
    page.wait_for_function("Number(document.querySelector('.folium-map').dataset.draws || 0) > 0")
    page.wait_for_timeout(300)  # room for a second request, were there one
    asked = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/api/map?'))"
        ".map(e => [e.name, e.initiatorType])"
    )
    shown = page.evaluate(
        f"(() => {{ const b = {MAP_JS}.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]"
        ".map(v => Number(v.toFixed(5))).join('%2C'); })()"
    )
    assert len(asked) == 1 and asked[0][1] == "fetch"
    assert page.evaluate("window.pengaduanFirstView.first") is None  # the map took that answer
    assert f"bbox={shown}&zoom=11" in asked[0][0] and query in asked[0][0]


# Where each cluster and pin is on screen (its middle, to the pixel) and what it shows (count or glyph).
_SPOTS_JS = """(root) => [...document.querySelectorAll(root + ' .pg-count, ' + root + ' .pg-pin')].map(e => {
  const r = e.getBoundingClientRect(), words = e.querySelector('[aria-hidden]') || e;
  return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2), words.textContent];
}).sort()"""


@pytest.mark.parametrize("query", ["", "status=waiting"])
def test_the_first_view_shows_before_leaflet_where_leaflet_draws_it(browser, seeded, query):
    """A phone still waiting for Leaflet already sees the first view's clusters and pins (first_view.js, from numbers
    in the page); the map then draws the same ones in the same places and the picture goes."""
    base, _ = seeded
    context = browser.new_context(viewport={"width": 900, "height": 650})
    page = context.new_page()
    page.route("**/static/leaflet/leaflet.js", lambda route: route.abort())  # never arrives
    page.goto(f"{base}/peta/frame?{query}")
    sketch = page.locator(".pg-sketch")
    expect(sketch).to_have_attribute("aria-hidden", "true")
    expect(sketch.locator(".pg-count").first).to_be_visible()
    drawn_early = page.evaluate(_SPOTS_JS, ".pg-sketch")
    assert page.evaluate("typeof window.L") == "undefined"
    page.unroute("**/static/leaflet/leaflet.js")
    page.reload()
    page.wait_for_function("Number(document.querySelector('.folium-map').dataset.draws || 0) > 0")
    expect(sketch).to_have_count(0)
    drawn_by_leaflet = page.evaluate(_SPOTS_JS, ".leaflet-marker-pane")
    assert len(drawn_early) > 3 and any(spot[2].isdigit() for spot in drawn_early)
    assert drawn_early == drawn_by_leaflet
    context.close()


def test_filters_from_the_parent_keep_the_map_where_it_is(page, seeded):
    base, reports = seeded
    page.goto(f"{base}/parent")
    _wait_draws(page, 0)
    _go(page, *HERE, 17)
    frame = page.frame_locator("#map")
    expect(frame.locator(".pg-marker")).to_have_count(2)
    where = _view(page)

    before = _draws(page)
    page.evaluate(
        """document.getElementById('map').contentWindow.postMessage(
        {type: 'pengaduan:filters', filters: {status: 'done', evil: '<b>'}}, window.location.origin)"""
    )
    _wait_draws(page, before)
    expect(frame.locator(".pg-marker")).to_have_count(1)
    expect(frame.locator(f".pg-{reports['done'].tracking_code}")).to_be_visible()
    assert _view(page) == where
    assert "status=done" in page.map_requests[-1] and "evil" not in page.map_requests[-1]


def test_panning_refetches_and_tells_the_parent(page, seeded):
    base, _ = seeded
    page.goto(f"{base}/parent")
    _wait_draws(page, 0)
    asked = len(page.map_requests)
    _go(page, -6.15, 106.9, 14)
    assert len(page.map_requests) > asked and "zoom=14" in page.map_requests[-1]
    last = [m for m in page.evaluate("window.received") if m["type"] == "pengaduan:viewport"][-1]
    west, south, east, north = last["bbox"]
    assert west < 106.9 < east and south < -6.15 < north and last["zoom"] == 14


def test_focus_opens_the_report(page, seeded):
    base, reports = seeded
    page.goto(f"{base}/parent?focus={reports['done'].tracking_code}")
    popup = page.frame_locator("#map").locator(".leaflet-popup-content")
    expect(popup.locator(".pg-title")).to_have_text("Sudah selesai")
    expect(popup).to_contain_text("Selesai")
    assert _view(page)[2] == 18


def test_focus_on_a_confidential_report_shows_the_city(page, seeded):
    base, reports = seeded
    page.goto(f"{base}/parent?focus={reports['secret'].tracking_code}")
    _wait_draws(page, 0)
    expect(page.frame_locator("#map").locator(".leaflet-popup")).to_have_count(0)
    assert _view(page)[2] == 11


def test_keyboard_opens_a_marker_popup(page, seeded):
    base, reports = seeded
    page.goto(f"{base}/parent")
    _wait_draws(page, 0)
    _go(page, *HERE, 17)
    marker = page.frame_locator("#map").locator(f".pg-{reports['attack'].tracking_code}")
    marker.focus()
    page.keyboard.press("Enter")
    title = page.frame_locator("#map").locator(".leaflet-popup-content .pg-title")
    expect(title).to_be_focused()
