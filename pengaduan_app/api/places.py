"""`GET /api/cari?q=&lang=`: the place search of the map frames.

Loaded area names always; streets and places too when a geocoder is set
(geo.geocoder). Each client address may search `place_search_limit_per_address_minute`
times a minute (domain.limits), so nobody can use it to flood the geocoder: then 429
with a message in the visitor's language. A plain (sync) handler: Starlette runs it in its thread pool,
so the geocoder's round trip never blocks the event loop.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.areas import QUERY_MAX, find_areas, service_box
from ..domain.limits import address_request_wait, client_hash
from ..geo.geocoder import Geocoder
from ..i18n import translate
from ..models.types import utcnow
from .client_address import client_address
from .maps import request_language

_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=300"}


def search_places(request: Request) -> JSONResponse:
    query = request.query_params.get("q", "").strip()
    if not query or len(query) > QUERY_MAX:
        return JSONResponse(
            {"error": "bad_request", "message": f"q must have 1 to {QUERY_MAX} characters"},
            status_code=400,
            headers={**_HEADERS, "Cache-Control": "no-store"},
        )
    lang = request_language(request)
    settings = get_settings()
    with session_scope() as session:
        wait = address_request_wait(
            session,
            "places",
            client_hash(client_address(request), settings.ip_hash_key),
            settings.place_search_limit_per_address_minute,
            utcnow(),
        )
    if wait:
        return JSONResponse(
            {"error": "too_many_requests", "message": translate(lang, "search.limited", seconds=wait)},
            status_code=429,
            headers={**_HEADERS, "Cache-Control": "no-store", "Retry-After": str(wait)},
        )
    levels = {level: translate(lang, f"area.{level}") for level in ("kota", "kecamatan", "kelurahan")}
    with read_scope() as session:
        areas = find_areas(session, query, levels)
        box = service_box(session)
    geocoder = Geocoder.from_settings(
        settings.geocoder_url, settings.geocoder_kind, settings.geocoder_attribution, settings.public_base_url
    )
    found = geocoder.search(query, lang, box) if geocoder else []
    attribution = translate(lang, "search.credit", source=geocoder.attribution) if found else ""
    return JSONResponse(
        {"results": [p.as_json() for p in [*areas, *found]], "attribution": attribution}, headers=_HEADERS
    )
