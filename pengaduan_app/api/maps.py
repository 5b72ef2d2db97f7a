"""The map pages shown in iframes: the public map and the location picker.

Both take their first view from the address (`lat`, `lng`, `z` on the public map,
`at=lat,lng` on the picker), so a shared link or Back opens the same place.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..config import get_settings
from ..db import read_scope
from ..domain.map_query import sketch_view
from ..domain.public_reports import FILTER_NAMES, ReportFilter, read_filter
from ..domain.status import PUBLIC_STATUSES
from ..domain.submission import is_tracking_code
from ..i18n import LANG_COOKIE, LANGUAGES, translate
from ..maps.base import check_point
from ..maps.picker import build_location_picker
from ..maps.public_map import MIN_ZOOM, build_public_map

LAST_PLACE_ZOOM = 15
_FRAME_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def request_language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "")
    return lang if lang in LANGUAGES else LANGUAGES[0]


def frame_labels(lang: str, label_key: str, *, two_fingers: bool = True, tap: bool = False) -> dict[str, str]:
    """make_map's labels in `lang`: the map's name, the zoom buttons, the phone's two-finger hint and, with
    `tap`, the hint that a tap lets one finger move the map."""
    labels = {
        "label": translate(lang, label_key),
        "zoomIn": translate(lang, "map.zoom_in"),
        "zoomOut": translate(lang, "map.zoom_out"),
    }
    if two_fingers:
        labels["twoFingers"] = translate(lang, "map.two_fingers_or_tap" if tap else "map.two_fingers")
    if two_fingers and tap:
        labels["tapActive"] = translate(lang, "map.tap_active")
    return labels


def search_data(lang: str) -> dict:
    """What assets/maps/search.js needs: the endpoint and its words (the field says what can be found)."""
    field = "search.field" if get_settings().geocoder_url else "search.field_areas"
    return {
        "url": "/api/cari",
        "lang": lang,
        "labels": {
            "field": translate(lang, field),
            "button": translate(lang, "search.button"),
            "searching": translate(lang, "search.searching"),
            "none": translate(lang, "search.none"),
            "error": translate(lang, "search.error"),
        },
    }


def read_point(lat: str | None, lng: str | None) -> tuple[float, float] | None:
    """A coordinate pair from the address, or None when absent or not a coordinate."""
    try:
        point = (round(float(lat), 6), round(float(lng), 6))
        check_point(*point)
    except (TypeError, ValueError):
        return None
    return point


def _pair(text: str) -> tuple[float, float] | None:
    lat, _, lng = text.partition(",")
    return read_point(lat, lng)


def _first_view(params, center: tuple[float, float], zoom: int) -> tuple[tuple[float, float], int]:
    """The view in the address (`lat`, `lng`, `z`) when it is well formed, else the city."""
    point = read_point(params.get("lat"), params.get("lng"))
    z = params.get("z", "")
    if point is None or not z.isdigit() or not MIN_ZOOM <= int(z) <= 19:
        return center, zoom
    return point, int(z)


def _first_filters(request: Request) -> tuple[ReportFilter, dict[str, str]]:
    """The filters in the frame's address that are well formed, read and as they were written; the rest are
    dropped."""
    read, problems = read_filter(request.query_params)
    params = request.query_params
    return read, {name: params[name] for name in FILTER_NAMES if params.get(name) and name not in problems}


def public_map_frame(request: Request) -> HTMLResponse:
    """The map page; its script fetches the reports from /api/map. It carries only the first view's clusters
    and pins as numbers, drawn before Leaflet loads. A plain function: Starlette runs it in its thread pool,
    so that read never blocks the event loop."""
    settings = get_settings()
    focus = request.query_params.get("focus", "")
    focus = focus if is_tracking_code(focus) else ""
    read, filters = _first_filters(request)
    center, zoom = _first_view(request.query_params, settings.map_center, settings.map_zoom)
    sketch = None
    if not focus:
        with read_scope() as session:
            sketch = sketch_view(session, center, zoom, read)
    page = _public_map_page(
        request_language(request),
        filters,
        focus,
        (center, zoom, sketch),
        (settings.tile_url, settings.tile_attribution),
    )
    return HTMLResponse(page, headers=_FRAME_HEADERS)


def _public_map_page(lang: str, filters: dict[str, str], focus: str, view: tuple, tiles: tuple) -> str:
    """The frame's page for one language, first filters, focus, view (with its sketch) and tiles. Rendered for
    each request: a page kept and served again broke the map's Back and Forward on the phone
    (tests/e2e/test_phone_map)."""
    (center, zoom, sketch), (tile_url, attribution) = view, tiles
    return build_public_map(
        tile_url=tile_url,
        attribution=attribution,
        center=center,
        zoom=zoom,
        frame_labels=frame_labels(lang, "map.frame_title", tap=True),
        search=search_data(lang),
        labels={
            "view_report": translate(lang, "map.popup_link"),
            "supporters": "{count} " + translate(lang, "map.popup_supporters"),
            "cluster_count": "{count} " + translate(lang, "list.reports"),
            "support": translate(lang, "map.support"),
            "loading": translate(lang, "map.loading"),
            "error": translate(lang, "map.load_error"),
            "truncated": translate(lang, "map.truncated"),
        },
        status_labels={p.code: translate(lang, f"status.{p.code}") for p in PUBLIC_STATUSES},
        filters=filters,
        filter_names=FILTER_NAMES,
        focus=focus,
        sketch=sketch,
    )


async def picker_frame(request: Request) -> HTMLResponse:
    """`?start=lat,lng` opens the map there (where this browser last reported) without a marker;
    `?at=lat,lng` puts the marker there (the place already chosen on the form)."""
    settings = get_settings()
    lang = request_language(request)
    initial = _pair(request.query_params.get("at", ""))
    start = _pair(request.query_params.get("start", ""))
    page = build_location_picker(
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        center=start or settings.map_center,
        zoom=LAST_PLACE_ZOOM if start else settings.map_zoom,
        initial=initial,
        frame_labels=frame_labels(lang, "form.location_map"),
        search=search_data(lang),
        labels={
            "hint_touch": translate(lang, "map.picker_hint_touch"),
            "hint_keys": translate(lang, "map.picker_hint_keys"),
            "marker_label": translate(lang, "form.location_chosen"),
        },
    )
    return HTMLResponse(page, headers=_FRAME_HEADERS)
