"""The Starlette app that Reflex mounts in front of itself (`api_transformer`)."""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..channels import routes as channels
from ..maps.assets import static_mounts
from ..ops import endpoints as ops
from . import email_link, export, map_data, maps, media, originals, performance, places, staff_map, staff_session
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
            Route("/api/cari", places.search_places),
            Route("/peta/frame", maps.public_map_frame),
            Route("/peta/pilih", maps.picker_frame),
            Route("/peta/kinerja", performance.performance_map_frame),
            Route("/api/ekspor/laporan.csv", export.export_csv),
            Route("/api/ekspor/laporan.xlsx", export.export_xlsx),
            Route("/api/ekspor/laporan.geojson", export.export_geojson),
            Route("/media/{name}", media.photo),
            Route("/staf/asli/{redaction_id:int}", originals.original),
            Route("/akun/verifikasi", email_link.verify_email),
            Route("/staf/sesi", staff_session.start, methods=["POST"]),
            Route("/staf/sesi/kode", staff_session.with_code, methods=["POST"]),
            Route("/staf/sesi/daftar", staff_session.enrol, methods=["POST"]),
            Route("/staf/keluar", staff_session.end, methods=["POST"]),
            Route("/staf/peta-antrean", staff_map.queue_map_frame),
            Route("/staf/peta/{code}", staff_map.staff_map_frame),
            *open311.routes(),
            *channels.routes(),
            *ops.routes(),
            *static_mounts(),
        ]
    )
