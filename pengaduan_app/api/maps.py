"""The map pages shown in iframes: the public map and the location picker."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..config import get_settings
from ..db import session_scope
from ..domain.public_reports import list_public_reports, parse_filter
from ..domain.status import public_status
from ..domain.tracking import is_tracking_code
from ..i18n import LANGUAGES, format_age, translate
from ..maps.picker import build_location_picker
from ..maps.public_map import MapMarker, build_public_map

LANG_COOKIE = "pengaduan_lang"
MAP_MARKER_LIMIT = 5000
_FRAME_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def request_language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "")
    return lang if lang in LANGUAGES else LANGUAGES[0]


def _marker(summary, lang: str) -> MapMarker:
    look = public_status(summary.status)
    return MapMarker(
        tracking_code=summary.tracking_code,
        title=summary.title,
        category_label=summary.category_name(lang),
        status=summary.status,
        status_label=translate(lang, f"status.{look.code}"),
        status_color=look.color,
        age_label=format_age(summary.created_at, lang),
        url=f"/laporan/{summary.tracking_code}",
        latitude=summary.latitude,
        longitude=summary.longitude,
        support_count=summary.support_count,
    )


async def public_map_frame(request: Request) -> HTMLResponse:
    settings = get_settings()
    lang = request_language(request)
    filters = parse_filter(request.query_params)
    focus = request.query_params.get("focus", "")
    with session_scope() as session:
        summaries = list_public_reports(session, filters, limit=MAP_MARKER_LIMIT)
    page = build_public_map(
        [_marker(s, lang) for s in summaries],
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        center=settings.map_center,
        zoom=settings.map_zoom,
        labels={
            "map_label": translate(lang, "map.frame_title"),
            "view_report": translate(lang, "map.popup_link"),
            "support_count": "{count} " + translate(lang, "map.popup_supporters"),
            "cluster_count": "{count} " + translate(lang, "list.reports"),
        },
        focus=focus if is_tracking_code(focus) else "",
    )
    return HTMLResponse(page, headers=_FRAME_HEADERS)


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
