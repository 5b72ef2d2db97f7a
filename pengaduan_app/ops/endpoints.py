"""`/metrics` (behind PENGADUAN_METRICS) and `/healthz` as Starlette routes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..config import get_settings
from .health import healthz
from .metrics import exposition


def metrics(_request: Request) -> Response:
    if not get_settings().metrics_enabled:
        return PlainTextResponse("not found", status_code=404)
    body, content_type = exposition()
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [Route("/healthz", healthz), Route("/metrics", metrics)]
