"""The map pages in real Chromium, served with the app's static mounts (no CDN, no tiles)."""

from __future__ import annotations

import asyncio
import html
import socket
import threading
import time

import pytest
from granian.constants import Interfaces
from granian.server.embed import Server
from playwright.sync_api import expect, sync_playwright
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from pengaduan_app.maps.assets import static_mounts
from pengaduan_app.maps.picker import build_location_picker
from pengaduan_app.maps.public_map import MapMarker, build_public_map
from tests.browser import launch_chromium

pytestmark = [pytest.mark.e2e]

# Our server answers 404 for tiles, as an unreachable tile server would fail: markers must still show.
TILE_URL = "/tiles/{z}/{x}/{y}.png"
CENTER = (-6.2, 106.83)
IMG_ATTACK = "<img src=x onerror=alert(1)>"
SCRIPT_ATTACK = "</script><script>alert(1)</script>"
MAP_JS = "window[document.querySelector('.folium-map').id]"


def _marker(i: int, title: str, status: str, label: str, color: str) -> MapMarker:
    code = f"JKT-2611-{i:05d}"
    return MapMarker(
        tracking_code=code,
        title=title,
        category_label="Jalan rusak",
        status=status,
        status_label=label,
        status_color=color,
        age_label=f"{i} hari lalu",
        url=f"/laporan/{code}",
        latitude=CENTER[0] + 0.002 * (i % 3),
        longitude=CENTER[1] + 0.002 * (i // 3),
        support_count=i,
    )


MARKERS = [
    _marker(0, IMG_ATTACK, "new", "Menunggu", "#dc2626"),
    _marker(1, SCRIPT_ATTACK, "in_progress", "Diproses", "#facc15"),
    _marker(2, "Sampah menumpuk", "resolved", "Selesai", "#16a34a"),
    _marker(3, "Lampu jalan mati", "rejected", "Ditolak", "#4b5563"),
    _marker(4, "Saluran tersumbat", "reopened", "Dibuka kembali", "#9333ea"),
]
PUBLIC_LABELS = {
    "map_label": "Peta laporan warga",
    "view_report": "Lihat laporan",
    "support_count": "{count} dukungan",
    "cluster_count": "{count} laporan",
}
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
    public = build_public_map(MARKERS, labels=PUBLIC_LABELS, **MAP_ARGS)
    parent = _parent_page()
    return Starlette(
        routes=[
            *static_mounts(),
            Route("/public", lambda request: HTMLResponse(public)),
            Route("/parent", lambda request: HTMLResponse(parent)),
        ]
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


@pytest.fixture(scope="module")
def base_url():
    """Granian's embedded ASGI server in a thread (uvicorn is not installed here)."""
    port = _free_port()
    loop = asyncio.new_event_loop()
    server = Server(_app(), address="127.0.0.1", port=port, interface=Interfaces.ASGI, log_enabled=False)
    thread = threading.Thread(target=loop.run_until_complete, args=(server.serve(),), daemon=True)
    thread.start()
    _wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(server.stop)
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


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


def _open_popup(page, code: str):
    page.locator(f".pg-{code}").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    return popup


def test_public_map_shows_markers_and_escaped_popups(page, problems, base_url):
    page.goto(f"{base_url}/public")
    expect(page.locator(".pg-cluster").first).to_be_visible()  # city zoom: clustered

    page.evaluate(f"{MAP_JS}.setView([{CENTER[0] + 0.002}, {CENTER[1] + 0.002}], 17, {{animate: false}})")
    expect(page.locator(".pg-marker")).to_have_count(len(MARKERS))

    for marker in MARKERS[:2]:
        popup = _open_popup(page, marker.tracking_code)
        expect(popup.locator(".pg-title")).to_have_text(marker.title)
        expect(popup).to_contain_text(marker.status_label)
        expect(popup).to_contain_text(f"{marker.support_count} dukungan")
        link = popup.get_by_role("link", name="Lihat laporan")
        expect(link).to_have_attribute("href", marker.url)
        expect(link).to_have_attribute("target", "_top")
        expect(popup.locator("img, script")).to_have_count(0)
        page.locator(".leaflet-popup-close-button").click()
        expect(page.locator(".leaflet-popup")).to_have_count(0)  # gone after its fade-out

    page.wait_for_timeout(300)  # room for an injected onerror handler to fire, were there one
    assert problems == []


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
