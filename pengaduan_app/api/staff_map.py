"""`GET /staf/peta/{code}`: the staff report page's map, for an officer who may handle the report.

Like every staff endpoint it checks the staff session cookie itself: the nearby reports it draws may be
confidential ones, so nobody else gets the page by guessing the address.
"""

from __future__ import annotations

from sqlmodel import select
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from ..config import get_settings
from ..db import read_scope
from ..domain.accounts import SESSION_COOKIE, identity_for
from ..domain.permissions import can_handle
from ..domain.staff_view import nearby_for_staff
from ..domain.status import public_status
from ..i18n import translate
from ..maps.staff_map import build_staff_map
from ..models import Report
from .maps import request_language

_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


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
    nearby = [
        {
            "code": p.code,
            "title": p.title,
            "status": translate(lang, f"staff.status.{p.status}"),
            "color": public_status(p.status).color,
            "lat": p.latitude,
            "lng": p.longitude,
        }
        for p in pins
    ]
    page = build_staff_map(
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        pin=pin,
        nearby=nearby,
        labels={
            "map_label": translate(lang, "staff.map_label"),
            "picker_hint": translate(lang, "staff.map_hint"),
            "marker_label": translate(lang, "staff.map_marker"),
        },
    )
    return HTMLResponse(page, headers=_HEADERS)
