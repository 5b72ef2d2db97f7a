"""Serves stored photos by their content-hash names only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from ..config import get_settings
from ..media import MediaStore


async def photo(request: Request) -> Response:
    store = MediaStore(get_settings().media_dir)
    try:
        path = store.path(request.path_params["name"])
    except ValueError:
        return PlainTextResponse("not found", status_code=404)
    if not path.is_file():
        return PlainTextResponse("not found", status_code=404)
    return FileResponse(
        path,
        media_type="image/jpeg",
        headers={"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"},
    )
