"""JSON for the public map's script: reports in a viewport, and one report's popup.

Plain (sync) handlers: Starlette runs them in its thread pool, so a slow query
never blocks the event loop that also serves the app.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..db import read_scope
from ..domain.citizens import CITIZEN_COOKIE, citizen_for
from ..domain.map_query import QueryError, map_view, parse_viewport
from ..domain.public_reports import get_public_summary, original_of
from ..domain.status import public_status
from ..domain.submission import is_tracking_code
from ..domain.support import VISITOR_COOKIE, SupportRefused, has_supported, visitor_key
from ..i18n import format_age, format_number, translate
from .maps import request_language

_JSON_HEADERS = {"X-Content-Type-Options": "nosniff"}


def _error(status: int, error: str, message: str, **extra) -> JSONResponse:
    return JSONResponse(
        {"error": error, "message": message, **extra},
        status_code=status,
        headers={**_JSON_HEADERS, "Cache-Control": "no-store"},
    )


def viewport(request: Request) -> JSONResponse:
    """`GET /api/map?bbox=w,s,e,n&zoom=z[&status&category&kota&kecamatan&kelurahan&from&to]`."""
    try:
        query = parse_viewport(request.query_params)
    except QueryError as err:
        return _error(400, "bad_request", str(err), problems=err.problems)
    with read_scope() as session:
        view = map_view(session, query)
    # The same for every visitor (no support flags): shared caches may keep it briefly.
    return JSONResponse(view, headers={**_JSON_HEADERS, "Cache-Control": "public, max-age=10"})


def _supported(request: Request, session, report_id: int) -> bool:
    """Whether this browser supports the report: as its signed-in account, else as itself."""
    citizen = citizen_for(session, request.cookies.get(CITIZEN_COOKIE, ""))
    if citizen is not None:
        return has_supported(session, report_id, citizen.follower_key)
    try:
        key = visitor_key(request.cookies.get(VISITOR_COOKIE))
    except SupportRefused:
        return False
    return has_supported(session, report_id, key)


def report_popup(request: Request) -> JSONResponse:
    """`GET /api/map/report/{code}`: what a popup shows, and whether this browser supports it."""
    code = request.path_params["code"]
    lang = request_language(request)
    summary = None
    with read_scope() as session:
        if is_tracking_code(code):
            summary = get_public_summary(session, code)
        supported = summary is not None and _supported(request, session, summary.report_id)
        original = original_of(session, summary.report_id) if summary is not None else None
    if summary is None:
        return _error(404, "not_found", "no public report has this code")
    return JSONResponse(
        {
            "code": summary.tracking_code,
            "title": summary.title,
            "category": summary.category_name(lang),
            "status": public_status(summary.status).code,
            "age": format_age(summary.created_at, lang),
            "count": format_number(summary.support_count, lang),
            "supported": supported,
            # A duplicate offers no support: the popup names the original instead.
            "duplicate": original is not None,
            "duplicate_label": translate(lang, "report.duplicate_banner") if original is not None else "",
            "original": original or "",
            "lat": summary.latitude,
            "lng": summary.longitude,
        },
        headers={**_JSON_HEADERS, "Cache-Control": "no-store"},
    )
