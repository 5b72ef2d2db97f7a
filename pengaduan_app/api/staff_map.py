"""The staff maps: `GET /staf/peta/{code}` (the report page's, for an officer who may handle the report) and
`GET /staf/peta-antrean?<queue filters>` (the queue's map view).

Like every staff endpoint they check the staff session cookie themselves: the reports they draw may be
confidential ones, so nobody else gets them by guessing the address.
"""

from __future__ import annotations

from sqlmodel import select
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from ..config import get_settings
from ..db import read_scope
from ..domain.accounts import SESSION_COOKIE, identity_for
from ..domain.permissions import can_handle
from ..domain.staff_queue import nearby_for_staff, parse_queue_filter, queue_pins
from ..domain.status import public_status
from ..i18n import translate
from ..maps.staff_map import build_queue_map, build_staff_map
from ..models import Report
from .maps import frame_labels, request_language, search_data

_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _pin(code: str, title: str, status: str, lat: float, lng: float, lang: str) -> dict:
    return {
        "code": code,
        "title": title,
        "status": translate(lang, f"staff.status.{status}"),
        "color": public_status(status).color,
        "lat": lat,
        "lng": lng,
    }


def queue_map_frame(request: Request) -> Response:
    """The queue under the filters in the address (the queue page's own), for the signed-in officer's scope."""
    settings = get_settings()
    lang = request_language(request)
    with read_scope() as session:
        identity = identity_for(session, request.cookies.get(SESSION_COOKIE, ""))
        if identity is None:
            return PlainTextResponse("forbidden", status_code=403, headers=_HEADERS)
        rows = queue_pins(session, identity, parse_queue_filter(dict(request.query_params)))
    page = build_queue_map(
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        center=settings.map_center,
        zoom=settings.map_zoom,
        pins=[_pin(*row, lang) for row in rows],
        labels=frame_labels(lang, "staff.queue_map_label"),
    )
    return HTMLResponse(page, headers=_HEADERS)


def staff_map_frame(request: Request) -> Response:
    """Plain (sync): Starlette runs it in its thread pool, away from the event loop."""
    settings = get_settings()
    lang = request_language(request)
    code = str(request.path_params["code"]).strip().upper()[:24]
    with read_scope() as session:
        identity = identity_for(session, request.cookies.get(SESSION_COOKIE, ""))
        report = session.exec(select(Report).where(Report.tracking_code == code)).first()
        if report is None or not can_handle(session, identity, report):
            return PlainTextResponse("forbidden", status_code=403, headers=_HEADERS)
        pins = nearby_for_staff(session, identity, report)
        pin = (report.latitude, report.longitude)
    nearby = [_pin(p.code, p.title, p.status, p.latitude, p.longitude, lang) for p in pins]
    page = build_staff_map(
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        pin=pin,
        nearby=nearby,
        labels={
            "hint_touch": translate(lang, "staff.map_hint"),
            "hint_keys": translate(lang, "map.picker_hint_keys"),
            "marker_label": translate(lang, "staff.map_marker"),
        },
        frame_labels=frame_labels(lang, "staff.map_label"),
        search=search_data(lang),
    )
    return HTMLResponse(page, headers=_HEADERS)
