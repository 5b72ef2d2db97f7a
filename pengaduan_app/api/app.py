"""The Starlette app that Reflex mounts in front of itself (`api_transformer`)."""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..channels import routes as channels
from ..maps.assets import static_mounts
from . import export, map_data, maps, media, originals, performance
from .open311 import routes as open311


async def health(_request) -> JSONResponse:
    """Liveness for the proxy; `worker` tells operators (and the cluster tests) which backend process answered."""
    return JSONResponse({"status": "ok", "worker": os.getpid()})


def build_api() -> Starlette:
    return Starlette(
        routes=[
            Route("/api/health", health),
            Route("/api/map", map_data.viewport),
            Route("/api/map/report/{code}", map_data.report_popup),
            Route("/peta/frame", maps.public_map_frame),
            Route("/peta/pilih", maps.picker_frame),
            Route("/peta/kinerja", performance.performance_map_frame),
            Route("/api/ekspor/laporan.csv", export.export_csv),
            Route("/api/ekspor/laporan.geojson", export.export_geojson),
            Route("/media/{name}", media.photo),
            Route("/staf/asli/{redaction_id:int}", originals.original),
            *open311.routes(),
            *channels.routes(),
            *static_mounts(),
        ]
    )
