"""The location picker in real Chromium, served with the app's static mounts (no CDN, no tiles).

The public map, which needs the map endpoints, is tested in test_public_map_frame.py."""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import expect
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from pengaduan_app.maps.assets import static_mounts
from pengaduan_app.maps.picker import build_location_picker
from tests.browser import serve_asgi

pytestmark = [pytest.mark.e2e]

# Our server answers 404 for tiles, as an unreachable tile server would fail: markers must still show.
TILE_URL = "/tiles/{z}/{x}/{y}.png"
CENTER = (-6.2, 106.83)
MAP_JS = "window[document.querySelector('.folium-map').id]"


PICKER_LABELS = {
    "map_label": "Peta untuk memilih lokasi laporan",
    "picker_hint": "Ketuk peta untuk menandai lokasi. Keyboard: panah menggeser peta, Enter menandai titik tengah.",
    "marker_label": "Lokasi laporan",
}
MAP_ARGS = {"tile_url": TILE_URL, "attribution": "Peta dasar", "center": CENTER, "zoom": 12}


def _parent_page() -> str:
    """Embeds the picker the way the app does (iframe `srcdoc`) and records what it posts."""
    picker = build_location_picker(initial=None, labels=PICKER_LABELS, **MAP_ARGS)
    return f"""<!DOCTYPE html><html><body style="margin:0">
<iframe id="picker" title="Pilih lokasi" style="width:900px;height:600px;border:0" srcdoc="{html.escape(picker)}">
</iframe>
<script>
window.received = [];
window.addEventListener("message", function (e) {{ window.received.push(e.data); }});
</script></body></html>"""


def _app() -> Starlette:
    parent = _parent_page()
    return Starlette(routes=[*static_mounts(), Route("/parent", lambda request: HTMLResponse(parent))])


@pytest.fixture(scope="module")
def base_url():
    with serve_asgi(_app()) as url:
        yield url


@pytest.fixture
def problems() -> list[str]:
    """JS dialogs and uncaught errors seen by `page`: must stay empty."""
    return []


@pytest.fixture
def page(browser, problems):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    yield page
    page.close()


def _received(page) -> list[dict]:
    return page.evaluate("window.received")


def _wait_received(page, count: int) -> dict:
    page.wait_for_function(f"window.received.length >= {count}")
    messages = _received(page)
    assert len(messages) == count
    assert messages[-1]["type"] == "pengaduan:location"
    return messages[-1]


def _point(message: dict) -> tuple[float, float]:
    return message["lat"], message["lng"]


def _map_point(frame, expression: str) -> tuple[float, float]:
    """A LatLng-valued expression on the page's Leaflet map, e.g. `getCenter()`."""
    return tuple(frame.evaluate(f"(() => {{ const p = {MAP_JS}.{expression}; return [p.lat, p.lng]; }})()"))


def _near(a: tuple[float, float], b: tuple[float, float], tolerance: float = 1e-3) -> bool:
    return abs(a[0] - b[0]) < tolerance and abs(a[1] - b[1]) < tolerance


def test_picker_talks_to_its_parent(page, problems, base_url):
    page.goto(f"{base_url}/parent")
    frame = page.locator("#picker").element_handle().content_frame()
    map_box = page.frame_locator("#picker").locator(".folium-map")
    expect(map_box).to_have_attribute("aria-label", PICKER_LABELS["map_label"])
    frame.wait_for_function(f"{MAP_JS} !== undefined")

    # Click: the marker appears there and the parent hears about it.
    clicked = _map_point(frame, "containerPointToLatLng([400, 300])")
    map_box.click(position={"x": 400, "y": 300})
    assert _near(_point(_wait_received(page, 1)), clicked)
    icon = page.frame_locator("#picker").locator(".leaflet-marker-icon")
    expect(icon).to_have_count(1)
    frame.wait_for_function("document.querySelector('.leaflet-marker-icon').naturalWidth > 0")  # local icon image

    # Drag it down and right: reported again.
    box = icon.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y + 60, steps=8)
    page.mouse.up()
    dragged = _point(_wait_received(page, 2))
    assert dragged[0] < clicked[0] - 1e-3
    assert dragged[1] > clicked[1] + 1e-3

    # The parent moves the marker (invalid messages are ignored); nothing is echoed back.
    target = (-6.175, 106.8272)
    page.evaluate(
        """([lat, lng]) => {
        const w = document.getElementById('picker').contentWindow;
        w.postMessage({type: 'pengaduan:set-location', lat: 'x', lng: 1}, '*');
        w.postMessage({type: 'pengaduan:set-location', lat, lng}, '*');
    }""",
        list(target),
    )
    frame.wait_for_function(
        f"""([lat, lng]) => {{
        let at = null;
        {MAP_JS}.eachLayer(l => {{ if (l instanceof L.Marker) at = l.getLatLng(); }});
        return at && at.lat === lat && at.lng === lng;
    }}""",
        arg=list(target),
    )
    assert _near(_map_point(frame, "getCenter()"), target, 1e-5)
    assert len(_received(page)) == 2

    # Keyboard: Enter on the focused map marks its centre.
    map_box.focus()
    page.keyboard.press("Enter")
    assert _near(_point(_wait_received(page, 3)), target, 1e-5)

    assert problems == []
