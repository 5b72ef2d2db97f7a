"""The map pages shown in iframes: the public map and the location picker."""

from __future__ import annotations

from functools import lru_cache

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..config import get_settings
from ..domain.public_reports import FILTER_NAMES, read_filter
from ..domain.status import PUBLIC_STATUSES
from ..domain.tracking import is_tracking_code
from ..i18n import LANGUAGES, translate
from ..maps.picker import build_location_picker
from ..maps.public_map import build_public_map

LANG_COOKIE = "pengaduan_lang"
_FRAME_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def request_language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "")
    return lang if lang in LANGUAGES else LANGUAGES[0]


def _first_filters(request: Request) -> dict[str, str]:
    """The filters in the frame's address that are well formed; the rest are dropped."""
    _, problems = read_filter(request.query_params)
    params = request.query_params
    return {name: params[name] for name in FILTER_NAMES if params.get(name) and name not in problems}


async def public_map_frame(request: Request) -> HTMLResponse:
    """The map page; it holds no report, its script fetches them from /api/map."""
    settings = get_settings()
    focus = request.query_params.get("focus", "")
    page = _public_map_page(
        request_language(request),
        tuple(_first_filters(request).items()),
        focus if is_tracking_code(focus) else "",
        (settings.tile_url, settings.tile_attribution, tuple(settings.map_center), settings.map_zoom),
    )
    return HTMLResponse(page, headers=_FRAME_HEADERS)


@lru_cache(maxsize=256)
def _public_map_page(lang: str, filters: tuple[tuple[str, str], ...], focus: str, base: tuple) -> str:
    """Rendered once per language, first filters, focus and map settings: folium's templates cost
    more than the rest of the frame's request, which starts every first visit to the map."""
    tile_url, attribution, center, zoom = base
    return build_public_map(
        tile_url=tile_url,
        attribution=attribution,
        center=center,
        zoom=zoom,
        labels={
            "map_label": translate(lang, "map.frame_title"),
            "view_report": translate(lang, "map.popup_link"),
            "supporters": "{count} " + translate(lang, "map.popup_supporters"),
            "cluster_count": "{count} " + translate(lang, "list.reports"),
            "support": translate(lang, "map.support"),
            "loading": translate(lang, "map.loading"),
            "error": translate(lang, "map.load_error"),
            "truncated": translate(lang, "map.truncated"),
        },
        status_labels={p.code: translate(lang, f"status.{p.code}") for p in PUBLIC_STATUSES},
        filters=dict(filters),
        filter_names=FILTER_NAMES,
        focus=focus,
    )


async def picker_frame(request: Request) -> HTMLResponse:
    settings = get_settings()
    lang = request_language(request)
    page = build_location_picker(
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        center=settings.map_center,
        zoom=settings.map_zoom,
        initial=None,
        labels={
            "map_label": translate(lang, "form.location_map"),
            "picker_hint": translate(lang, "map.picker_hint"),
            "marker_label": translate(lang, "form.location_chosen"),
        },
    )
    return HTMLResponse(page, headers=_FRAME_HEADERS)
